import { describe, expect, it } from "vitest";
import { BASIC_CODES, basicCode, codeMeaning, genericMeaning, replyClass } from "./basic-codes";

const RFC_5321 = [211, 214, 220, 221, 250, 251, 252, 354, 421, 450, 451, 452, 455, 500, 501, 502, 503, 504, 550, 551, 552, 553, 554, 555];
const RFC_4954 = [235, 334, 432, 454, 530, 534, 535, 538];
const RFC_7504 = [521, 556];

describe("the basic code catalog", () => {
  it("lists every reply code of RFC 5321, citing RFC 5321", () => {
    for (const code of RFC_5321) {
      expect(basicCode(code)?.reference, String(code)).toMatch(/RFC 5321/);
    }
  });

  it("lists the AUTH codes of RFC 4954 and the no-mail codes of RFC 7504", () => {
    for (const code of RFC_4954) expect(basicCode(code)?.reference, String(code)).toMatch(/RFC 4954/);
    for (const code of RFC_7504) expect(basicCode(code)?.reference, String(code)).toBe("RFC 7504");
  });

  it("leaves out 523, 524 and 525, which no SMTP specification defines", () => {
    expect(basicCode(523)).toBeNull();
    expect(basicCode(524)).toBeNull();
    expect(basicCode(525)).toBeNull();
  });

  it("has one entry per code, in ascending order, each with a title, a sentence and a reference", () => {
    const codes = BASIC_CODES.map((e) => e.code);
    expect(codes).toEqual([...codes].sort((a, b) => a - b));
    expect(new Set(codes).size).toBe(codes.length);
    for (const e of BASIC_CODES) {
      expect(e.title.length, String(e.code)).toBeGreaterThan(1);
      expect(e.meaning, String(e.code)).toMatch(/^[A-Z].*\.$/);
      expect(e.reference, String(e.code)).toMatch(/^RFC \d+/);
    }
  });

  it("returns null for a code it does not list", () => {
    expect(basicCode(599)).toBeNull();
    expect(basicCode(250)?.title).toBe("OK");
  });
});

describe("reply classes", () => {
  it("reads the class from the first digit", () => {
    expect(replyClass(220)).toBe("success");
    expect(replyClass(299)).toBe("success");
    expect(replyClass(354)).toBe("intermediate");
    expect(replyClass(421)).toBe("transient");
    expect(replyClass(550)).toBe("permanent");
  });

  it("calls anything outside 200–599 unknown", () => {
    for (const code of [0, 99, 199, 600, 999, -250, 250.5, Number.NaN]) {
      expect(replyClass(code), String(code)).toBe("unknown");
    }
  });
});

describe("meanings of unlisted codes", () => {
  it("falls back on the class and the area of the second digit", () => {
    expect(genericMeaning(559)).toBe(
      "An unlisted 5xx code about the mail system: a permanent failure: repeating the same command will fail again.",
    );
    expect(genericMeaning(477)).toMatch(/^An unlisted 4xx code: a temporary failure/);
    expect(genericMeaning(229)).toMatch(/about the connection: a success/);
    expect(genericMeaning(123)).toMatch(/not an SMTP reply code/);
  });

  it("prefers the listed meaning", () => {
    expect(codeMeaning(550)).toBe(basicCode(550)?.meaning);
    expect(codeMeaning(587)).toMatch(/unlisted 5xx/);
  });
});
