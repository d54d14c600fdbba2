import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type ParsedItem, ReplyParser, type ReplyParserLimits } from "@/lib/reply-parser";
import { Reply } from "@/lib/schemas/reply";
import { RUNS, TEST_TIMEOUT_MS, meter } from "./budget";

/**
 * The reply parser reads whatever a hostile server sends. Fed random streams split anywhere, it never
 * throws, gives the same items however the bytes are chunked, and never holds more than its limits.
 */
const encoder = new TextEncoder();

/** Lines that look like SMTP, half like it, or nothing like it, with every line ending in use. */
const line = fc.oneof(
  fc.tuple(fc.integer({ min: 100, max: 999 }), fc.constantFrom(" ", "-", "", "\t"), fc.string({ unit: "binary", maxLength: 80 })).map(([c, s, t]) => `${c}${s}${t}`),
  fc.tuple(fc.constantFrom("250", "550", "421"), fc.constantFrom(" 2.1.0 ", " 5.7.1 ", " 9.9.9 ", " 5.999999.1 "), fc.string({ maxLength: 40 })).map((p) => p.join("")),
  fc.string({ unit: "binary", maxLength: 120 }),
  fc.tuple(fc.constantFrom("250-", "x", "5"), fc.integer({ min: 1, max: 3000 })).map(([s, n]) => s.repeat(n)),
);
const ending = fc.constantFrom("\r\n", "\n", "\r", "", "\r\r\n");
const stream = fc
  .array(fc.oneof({ weight: 6, arbitrary: fc.tuple(line, ending).map(([l, e]) => encoder.encode(l + e)) }, { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }) }), { maxLength: 40 })
  .map((parts) => Buffer.concat(parts));

const limits = fc.record({ maxLineBytes: fc.integer({ min: 8, max: 4096 }), maxLinesPerReply: fc.integer({ min: 1, max: 300 }) });

/** Cut points anywhere in the stream, every byte a chunk included. */
function chunked(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const p of [...points, bytes.length]) {
    out.push(bytes.subarray(from, p));
    from = p;
  }
  return out;
}

function feed(parser: ReplyParser, chunks: Uint8Array[], lim: ReplyParserLimits): ParsedItem[] {
  const items: ParsedItem[] = [];
  for (const chunk of chunks) {
    items.push(...parser.push(chunk));
    expect(parser.bufferedBytes).toBeLessThanOrEqual(lim.maxLineBytes);
  }
  return items;
}

describe("fuzzing the reply parser", () => {
  it("never throws, ignores how the bytes are chunked and keeps within its limits", { timeout: TEST_TIMEOUT_MS }, () => {
    const m = meter();
    fc.assert(
      fc.property(
        stream,
        limits,
        fc.array(fc.nat(), { maxLength: 30 }),
        m.wrap((bytes, lim, cuts) => {
          const whole = feed(new ReplyParser(lim), [bytes], lim);
          const pieces = feed(new ReplyParser(lim), chunked(bytes, cuts), lim);
          expect(pieces).toEqual(whole);
          for (const item of whole) {
            if (item.kind !== "reply") continue;
            expect(item.reply.lines.length).toBeLessThanOrEqual(lim.maxLinesPerReply);
            // Whatever the server sent, the reply fits the contract the events carry to the browser.
            expect(Reply.safeParse(item.reply).success).toBe(true);
            for (const l of item.reply.lines) expect(encoder.encode(l).length).toBeLessThanOrEqual(lim.maxLineBytes * 3);
            if (item.reply.enhancedCode) expect(item.reply.enhancedCode[0]).toBe(String(item.reply.code)[0]);
          }
        }),
      ),
      { numRuns: RUNS },
    );
    m.finish("reply parser");
  });

  it("holds no more than one line's limit of a server that never sends a line feed", { timeout: TEST_TIMEOUT_MS }, () => {
    const parser = new ReplyParser({ maxLineBytes: 4096 });
    const junk = new Uint8Array(64 * 1024).fill(0x35); // "555 5555…": a reply line that never ends
    expect(parser.push(encoder.encode("555 "))).toEqual([]);
    for (let i = 0; i < 160; i++) expect(parser.push(junk)).toEqual([]); // 10 MiB in all
    expect(parser.bufferedBytes).toBe(4096);
    const [item] = parser.push(encoder.encode("\r\n"));
    expect(item?.kind === "reply" && item.reply.flags).toEqual(expect.arrayContaining(["truncated-line", "overlong-line"]));
    expect(item?.kind === "reply" && item.reply.lines[0]!.length).toBe(4096);
  });
});
