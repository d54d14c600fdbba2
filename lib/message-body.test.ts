import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toBdatPayload, toDataLines } from "./message-body";

/** What a server rebuilds from DATA lines: each line plus CRLF, one leading dot removed (RFC 5321 4.5.2). */
function receivedViaData(lines: string[]): string {
  return lines.map((l) => `${l.startsWith(".") ? l.slice(1) : l}\r\n`).join("");
}

/** Text with the characters that matter here turning up often. */
const messageText = fc
  .array(fc.oneof(fc.constantFrom("\r", "\n", "\r\n", ".", "..", " ", "\0"), fc.string({ unit: "binary", maxLength: 8 })), { maxLength: 30 })
  .map((parts) => parts.join(""));

describe("toDataLines: the message for DATA", () => {
  it("splits on CRLF, bare LF and bare CR alike", () => {
    expect(toDataLines("a\r\nb\nc\rd")).toEqual(["a", "b", "c", "d"]);
  });

  it("counts CR followed by LF as one break, and LF followed by CR as two", () => {
    expect(toDataLines("a\r\nb")).toEqual(["a", "b"]);
    expect(toDataLines("a\n\rb")).toEqual(["a", "", "b"]);
  });

  it("keeps empty lines, and the final line break ends the last line", () => {
    expect(toDataLines("Subject: x\r\n\r\nbody\r\n")).toEqual(["Subject: x", "", "body"]);
    expect(toDataLines("body")).toEqual(["body"]);
    expect(toDataLines("\r\n")).toEqual([""]);
    expect(toDataLines("")).toEqual([]);
  });

  it("adds one dot to every line that starts with a dot", () => {
    expect(toDataLines(".\r\n..\r\n.hidden\r\nnot.a.dot\r\n")).toEqual(["..", "...", "..hidden", "not.a.dot"]);
  });

  it("defuses every smuggling end-of-data form into a dot-stuffed line", () => {
    for (const body of ["a\n.\nMAIL FROM:<x@y>", "a\n.\r\nMAIL FROM:<x@y>", "a\r.\rMAIL FROM:<x@y>", "a\r.\nMAIL FROM:<x@y>", "a\r\n.\rMAIL FROM:<x@y>"]) {
      expect(toDataLines(body)).toEqual(["a", "..", "MAIL FROM:<x@y>"]);
    }
  });

  it("never yields a line holding CR or LF, nor a lone dot, for any text", () => {
    fc.assert(
      fc.property(messageText, (text) => {
        for (const line of toDataLines(text)) {
          expect(line).not.toMatch(/[\r\n]/);
          expect(line).not.toBe(".");
        }
      }),
    );
  });
});

describe("toBdatPayload: the message for BDAT", () => {
  it("turns every line ending into CRLF and does not dot-stuff", () => {
    expect(toBdatPayload("a\nb\rc\r\n.\n..x")).toBe("a\r\nb\r\nc\r\n.\r\n..x\r\n");
  });

  it("ends the last line with CRLF, once", () => {
    expect(toBdatPayload("body")).toBe("body\r\n");
    expect(toBdatPayload("body\r\n")).toBe("body\r\n");
    expect(toBdatPayload("")).toBe("");
  });

  it("has no bare CR or LF for any text", () => {
    fc.assert(
      fc.property(messageText, (text) => {
        expect(toBdatPayload(text).replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
      }),
    );
  });

  it("gives the server the same message DATA would", () => {
    fc.assert(
      fc.property(messageText, (text) => {
        expect(receivedViaData(toDataLines(text))).toBe(toBdatPayload(text));
      }),
    );
  });
});
