import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ReplyParser, type ParsedItem } from "./reply-parser";

const enc = new TextEncoder();
const bytes = (s: string) => enc.encode(s);

function parseAll(chunks: Uint8Array[], limits?: ConstructorParameters<typeof ReplyParser>[0]): ParsedItem[] {
  const p = new ReplyParser(limits);
  return chunks.flatMap((c) => p.push(c));
}

function replies(items: ParsedItem[]) {
  return items.flatMap((i) => (i.kind === "reply" ? [i.reply] : []));
}

describe("framing", () => {
  it("joins a multi-line EHLO reply into one reply with every line kept", () => {
    const [r] = replies(parseAll([bytes("250-mx.example.com Hello\r\n250-SIZE 35882577\r\n250 STARTTLS\r\n")]));
    expect(r).toMatchObject({
      code: 250,
      lines: ["250-mx.example.com Hello", "250-SIZE 35882577", "250 STARTTLS"],
      text: ["mx.example.com Hello", "SIZE 35882577", "STARTTLS"],
      raw: "250-mx.example.com Hello\r\n250-SIZE 35882577\r\n250 STARTTLS\r\n",
      flags: [],
    });
  });

  it("keeps a partial line until its newline arrives", () => {
    const p = new ReplyParser();
    expect(p.push(bytes("220 mail.exa"))).toEqual([]);
    expect(p.bufferedBytes).toBe(12);
    const [item] = p.push(bytes("mple.com ESMTP\r\n"));
    expect(item).toMatchObject({ kind: "reply", reply: { code: 220, text: ["mail.example.com ESMTP"] } });
  });

  it("reports a multi-line reply as open until its last line", () => {
    const p = new ReplyParser();
    p.push(bytes("220-first\r\n"));
    expect(p.inReply).toBe(true);
    p.push(bytes("220 last\r\n"));
    expect(p.inReply).toBe(false);
  });

  it("reports stray empty lines apart from replies", () => {
    const items = parseAll([bytes("\r\n\r\n250 OK\r\n")]);
    expect(items.map((i) => i.kind)).toEqual(["empty-line", "empty-line", "reply"]);
  });
});

describe("enhanced status codes", () => {
  it("extracts the enhanced code and strips it from the text of each line", () => {
    const [r] = replies(parseAll([bytes("550-5.7.1 Unable to relay\r\n550 5.7.1 see policy\r\n")]));
    expect(r?.enhancedCode).toBe("5.7.1");
    expect(r?.text).toEqual(["Unable to relay", "see policy"]);
  });

  it("finds the enhanced code after more than one space, as some servers send it", () => {
    const [r] = replies(parseAll([bytes("550  5.1.1  <bob@qa.test>: User unknown\r\n")]));
    expect(r?.enhancedCode).toBe("5.1.1");
    expect(r?.text).toEqual(["<bob@qa.test>: User unknown"]);
  });

  it("ignores an enhanced code whose class differs from the basic code", () => {
    const [r] = replies(parseAll([bytes("250 5.1.1 odd\r\n")]));
    expect(r?.enhancedCode).toBeNull();
  });

  it("does not take a version number for an enhanced code", () => {
    const [r] = replies(parseAll([bytes("220 2.0.0-beta ready\r\n")]));
    expect(r?.enhancedCode).toBeNull();
  });
});

describe("tolerated deviations", () => {
  it("flags bare LF line endings", () => {
    const [r] = replies(parseAll([bytes("220 hi\n")]));
    expect(r?.flags).toContain("bare-lf");
    expect(r?.text).toEqual(["hi"]);
  });

  it("flags inconsistent codes across lines and keeps the first code", () => {
    const [r] = replies(parseAll([bytes("250-a\r\n251-b\r\n250 c\r\n")]));
    expect(r?.code).toBe(250);
    expect(r?.flags).toContain("inconsistent-codes");
  });

  it("accepts a code-only reply and flags it", () => {
    const [r] = replies(parseAll([bytes("250\r\n")]));
    expect(r).toMatchObject({ code: 250, text: [""], flags: ["code-only"] });
  });

  it("flags lines longer than 512 octets and cuts lines beyond the cap", () => {
    const long = "x".repeat(10_000);
    const [r] = replies(parseAll([bytes(`250 ${long}\r\n`)], { maxLineBytes: 1000 }));
    expect(r?.flags).toEqual(expect.arrayContaining(["overlong-line", "truncated-line"]));
    expect(r?.lines[0]?.length).toBe(1000);
    const [ok] = replies(parseAll([bytes(`250 ${"y".repeat(600)}\r\n`)]));
    expect(ok?.flags).toEqual(["overlong-line"]);
  });

  it("cuts a reply that never ends at the lines-per-reply cap", () => {
    const flood = "250-x\r\n".repeat(20);
    const items = replies(parseAll([bytes(flood)], { maxLinesPerReply: 8 }));
    expect(items).toHaveLength(2);
    expect(items[0]?.flags).toContain("too-many-lines");
    expect(items[0]?.lines).toHaveLength(8);
  });

  it("reports lines that are not SMTP replies as garbage", () => {
    const items = parseAll([bytes("HTTP/1.1 400 Bad Request\r\n")]);
    expect(items).toEqual([expect.objectContaining({ kind: "garbage", line: "HTTP/1.1 400 Bad Request" })]);
  });

  it.each(["2500 hello", "099 zero", "600 out of range", "199 no such class", "25 short"])("does not read a reply code out of %j (RFC 5321 4.2: three digits, 2xx to 5xx)", (line) => {
    expect(parseAll([bytes(`${line}\r\n`)])).toEqual([expect.objectContaining({ kind: "garbage", line })]);
  });

  it("still reads a code glued to its text, and flags it", () => {
    const [r] = replies(parseAll([bytes("250ok\r\n")]));
    expect(r).toMatchObject({ code: 250, text: ["ok"], flags: ["no-separator"] });
  });

  it("keeps invalid UTF-8 as replacement characters instead of throwing", () => {
    const [r] = replies(parseAll([new Uint8Array([0x32, 0x32, 0x30, 0x20, 0xff, 0xfe, 0x0d, 0x0a])]));
    expect(r?.text[0]).toBe("\uFFFD\uFFFD");
  });

  it("forgets everything buffered on reset", () => {
    const p = new ReplyParser();
    p.push(bytes("250-injected\r\n250 parti"));
    expect(p.reset()).toEqual({ droppedBytes: 9, droppedLines: 1 });
    expect(p.push(bytes("220 fresh\r\n"))).toEqual([
      expect.objectContaining({ kind: "reply", reply: expect.objectContaining({ text: ["fresh"] }) }),
    ]);
  });
});

describe("chunking", () => {
  const line = fc.oneof(
    fc.constantFrom("220 mx ESMTP", "250-PIPELINING", "250 OK", "550 5.7.1 relay denied", "", "354 go", "250"),
    fc.string({ unit: "binary", maxLength: 40 }).map((s) => s.replace(/[\r\n]/g, "")),
    fc.tuple(fc.integer({ min: 200, max: 599 }), fc.constantFrom(" ", "-", ""), fc.string({ maxLength: 30 }))
      .map(([c, s, t]) => `${c}${s}${t.replace(/[\r\n]/g, "")}`),
  );
  const stream = fc
    .array(fc.tuple(line, fc.constantFrom("\r\n", "\n", "\r\r\n")), { maxLength: 25 })
    .map((ls) => bytes(ls.map(([l, e]) => l + e).join("")));

  it("gives the same replies however the same bytes are split", () => {
    fc.assert(
      fc.property(stream, fc.array(fc.nat(), { maxLength: 12 }), (data, cuts) => {
        const whole = parseAll([data], { maxLineBytes: 64, maxLinesPerReply: 5 });
        const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
        const chunks: Uint8Array[] = [];
        let prev = 0;
        for (const p of points) {
          chunks.push(data.subarray(prev, p));
          prev = p;
        }
        chunks.push(data.subarray(prev));
        expect(parseAll(chunks, { maxLineBytes: 64, maxLinesPerReply: 5 })).toEqual(whole);
      }),
      { numRuns: 400 },
    );
  });

  it("gives the same replies when fed one byte at a time", () => {
    fc.assert(
      fc.property(stream, (data) => {
        const whole = parseAll([data]);
        const bytewise = parseAll([...data].map((b) => new Uint8Array([b])));
        expect(bytewise).toEqual(whole);
      }),
      { numRuns: 200 },
    );
  });
});
