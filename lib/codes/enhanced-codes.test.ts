import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ENHANCED_CLASSES,
  ENHANCED_CODES,
  ENHANCED_SUBJECTS,
  enhancedCode,
  enhancedEntry,
  parseEnhancedCode,
} from "./enhanced-codes";

/** How many details each subject has in the IANA registry (X.s.0 up to X.s.(n-1)). */
const REGISTRY_SIZE: Record<number, number> = { 0: 1, 1: 11, 2: 5, 3: 7, 4: 8, 5: 7, 6: 11, 7: 31 };

describe("the enhanced status code registry", () => {
  it("holds every registered subject.detail, with no gaps and no extras", () => {
    const expected = Object.entries(REGISTRY_SIZE).flatMap(([subject, n]) =>
      Array.from({ length: n }, (_, detail) => `${subject}.${detail}`),
    );
    expect(ENHANCED_CODES.map((e) => e.key).sort()).toEqual(expected.sort());
    expect(ENHANCED_CODES).toHaveLength(81);
  });

  it("gives every entry a title, a plain detail, a reference and its classes", () => {
    for (const e of ENHANCED_CODES) {
      expect(e.title.length, e.key).toBeGreaterThan(3);
      expect(e.detail, e.key).toMatch(/^[A-Z].*[.)]$/);
      expect(e.reference, e.key).toMatch(/^(RFC \d+|draft-)/);
      expect(e.classes.length, e.key).toBeGreaterThan(0);
      for (const c of e.classes) expect([2, 4, 5], e.key).toContain(c);
    }
  });

  it("cites the RFC that added each extension code", () => {
    expect(enhancedEntry("5.6")?.reference).toBe("RFC 4954");
    expect(enhancedEntry("6.7")?.reference).toBe("RFC 6531");
    expect(enhancedEntry("7.13")?.reference).toBe("RFC 5248");
    expect(enhancedEntry("7.23")?.reference).toBe("RFC 7372");
    expect(enhancedEntry("7.27")?.reference).toBe("RFC 7505");
    expect(enhancedEntry("7.29")?.reference).toBe("RFC 8617");
    expect(enhancedEntry("7.30")?.reference).toBe("RFC 8689");
    expect(enhancedEntry("3.6")?.reference).toBe("RFC 6710");
  });

  it("describes the three classes and the eight subjects", () => {
    expect(Object.keys(ENHANCED_CLASSES)).toEqual(["2", "4", "5"]);
    expect(Object.keys(ENHANCED_SUBJECTS)).toEqual(["0", "1", "2", "3", "4", "5", "6", "7"]);
    expect(ENHANCED_SUBJECTS[7].title).toBe("Security or policy status");
  });
});

describe("parseEnhancedCode", () => {
  it("splits a code into class, subject and detail", () => {
    expect(parseEnhancedCode("5.7.1")).toEqual({ code: "5.7.1", class: 5, subject: 7, detail: 1, key: "7.1" });
  });

  it("trims and drops leading zeros", () => {
    expect(parseEnhancedCode(" 4.02.010 ")?.code).toBe("4.2.10");
  });

  it("refuses anything that is not class.subject.detail with class 2, 4 or 5", () => {
    for (const bad of ["3.1.1", "5.1", "5.1.1.1", "5.1.1x", "5.1234.1", "x.7.1", "", "550"]) {
      expect(parseEnhancedCode(bad), bad).toBeNull();
    }
  });
});

describe("answers shared between calls", () => {
  it("hands out one frozen answer per code, and the same answers after more codes than it keeps", () => {
    const parsed = parseEnhancedCode("5.7.1");
    const meaning = enhancedCode("5.7.1");
    expect(parseEnhancedCode("5.7.1")).toBe(parsed);
    expect(enhancedCode("5.7.1")).toBe(meaning);
    expect(Object.isFrozen(parsed)).toBe(true);
    expect(Object.isFrozen(meaning)).toBe(true);
    // Ever new codes (a hostile server) overflow what is kept: the answers stay right.
    for (let subject = 0; subject < 8; subject++) for (let detail = 0; detail < 100; detail++) enhancedCode(`4.${subject}.${detail}`);
    expect(parseEnhancedCode("5.7.1")).toEqual({ code: "5.7.1", class: 5, subject: 7, detail: 1, key: "7.1" });
    expect(enhancedCode("5.7.1")).toEqual(meaning);
    expect(enhancedCode("5.99.1")?.registered).toBe(false);
    expect(parseEnhancedCode("5.1")).toBeNull();
    expect(parseEnhancedCode("5.1")).toBeNull();
  });
});

describe("enhancedCode", () => {
  it("gives the registry meaning of a full code", () => {
    expect(enhancedCode("5.7.1")).toMatchObject({
      code: "5.7.1",
      title: "Delivery not authorized, message refused",
      reference: "RFC 3463 3.8",
      registered: true,
    });
  });

  it("says that 5.1.1, 5.1.10 and 5.4.1 all mean no such recipient in practice", () => {
    expect(enhancedCode("5.1.1")?.detail).toMatch(/5\.1\.10 and 5\.4\.1/);
    expect(enhancedCode("5.1.10")?.detail).toMatch(/Microsoft 365.*Recipient not found/);
    expect(enhancedCode("5.4.1")?.title).toBe("No answer from host");
    expect(enhancedCode("5.4.1")?.detail).toMatch(/Access denied.*no such recipient/);
  });

  it("says that Exchange's 535 5.7.3 is a failed sign-in, whatever the registry's title", () => {
    expect(enhancedCode("5.7.3")?.title).toBe("Security conversion required but not possible");
    expect(enhancedCode("5.7.3")?.detail).toMatch(/Exchange answers AUTH with 535 5\.7\.3.*authentication failed/);
  });

  it("falls back to the subject for a detail the registry does not list", () => {
    const m = enhancedCode("5.7.606");
    expect(m).toMatchObject({ code: "5.7.606", registered: false, reference: "RFC 3463 3.8" });
    expect(m?.title).toMatch(/^Security or policy status/);
    expect(m?.detail).toMatch(/X\.7\.606/);
  });

  it("falls back to the class for an unknown subject", () => {
    const m = enhancedCode("4.9.9");
    expect(m).toMatchObject({ registered: false, reference: "RFC 3463 2" });
    expect(m?.title).toMatch(/^Persistent transient failure/);
  });

  it("returns null for text that is not an enhanced code", () => {
    expect(enhancedCode("Ok")).toBeNull();
  });

  it("never throws, whatever the input", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const m = enhancedCode(s);
        expect(m === null || m.title.length > 0).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.constantFrom(2, 4, 5), fc.nat(999), fc.nat(999), (c, s, d) => {
        expect(enhancedCode(`${c}.${s}.${d}`)?.code).toBe(`${c}.${s}.${d}`);
      }),
    );
  });
});
