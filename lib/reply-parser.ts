import type { Reply, ReplyFlag } from "./schemas/reply";

/** RFC 5321 4.5.3.1.5: a reply line is at most 512 octets including CRLF. */
export const RFC_REPLY_LINE_MAX = 512;

export interface ReplyParserLimits {
  /** Bytes kept of one line; the rest of that line is dropped and the reply flagged. */
  maxLineBytes: number;
  /** Lines kept in one reply; a longer reply is cut here and flagged. */
  maxLinesPerReply: number;
}

export const DEFAULT_PARSER_LIMITS: ReplyParserLimits = { maxLineBytes: 4096, maxLinesPerReply: 256 };

/** What one line of server output turned out to be. */
export type ParsedItem =
  | { kind: "reply"; reply: Reply }
  /** A line that is not an SMTP reply at all: another protocol, garbage, TLS bytes. */
  | { kind: "garbage"; line: string; bytes: Uint8Array }
  /** An empty line between replies: it never answers a command (RFC 5321 4.2 has no empty replies). */
  | { kind: "empty-line" };

// RFC 5321 4.2: three digits, the first 2 to 5, then SP, "-" or the end of the line. A line whose
// fourth character is another digit ("2500 ok") carries no reply code at all.
const LINE = /^([2-5]\d{2})(?:([ -])(.*)|(\D.*)?)$/s;
// RFC 3463 / RFC 2034: the enhanced code starts the text of each line; its class matches the reply's.
// After any run of spaces: RFC 5321 wants one, but some servers send "550  5.1.1  <bob@…>".
const ENHANCED = /^\s*([245])\.(\d{1,3})\.(\d{1,3})(?=\s|$)/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/;

interface Pending {
  code: number;
  lines: string[];
  text: string[];
  raw: string[];
  /** Made on the first flag: nearly every reply has none. */
  flags: Set<ReplyFlag> | null;
}

/**
 * Turns a byte stream into complete SMTP replies (RFC 5321 4.2). Feed it chunks as they arrive,
 * split anywhere: a partial line is kept until its LF arrives, so any chunking gives the same
 * replies. Tolerates bare LF, over-long lines, inconsistent codes and code-only lines, and flags each.
 */
export class ReplyParser {
  private readonly limits: ReplyParserLimits;
  private readonly decoder = new TextDecoder("utf-8", { fatal: false });
  private partial: Uint8Array[] = [];
  private partialBytes = 0;
  private partialTruncated = false;
  private pending: Pending | null = null;

  constructor(limits: Partial<ReplyParserLimits> = {}) {
    this.limits = { ...DEFAULT_PARSER_LIMITS, ...limits };
  }

  /** Feeds bytes; returns the items completed by them, in order. */
  push(chunk: Uint8Array): ParsedItem[] {
    const out: ParsedItem[] = [];
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      if (chunk[i] !== 0x0a) continue;
      const piece = chunk.subarray(start, i);
      if (this.partialBytes === 0 && !this.partialTruncated && piece.length <= this.limits.maxLineBytes) {
        // The whole line came in this chunk (nearly always): read it where it is, without copying it.
        this.completeLine(out, piece, false, piece.length + 1);
      } else {
        this.keep(piece);
        const { bytes, truncated, wireLength } = this.takeLine();
        this.completeLine(out, bytes, truncated, wireLength);
      }
      start = i + 1;
    }
    if (start < chunk.length) this.keep(chunk.subarray(start));
    return out;
  }

  /** Bytes of an unfinished line, e.g. to tell a silent server from one that stalls mid-line. */
  get bufferedBytes(): number {
    return this.partialBytes;
  }

  /** True while a multi-line reply has started but not ended. */
  get inReply(): boolean {
    return this.pending !== null;
  }

  /** Drops everything buffered: after STARTTLS no plaintext byte may carry into TLS (RFC 3207 6). */
  reset(): { droppedBytes: number; droppedLines: number } {
    const dropped = { droppedBytes: this.partialBytes, droppedLines: this.pending?.lines.length ?? 0 };
    this.partial = [];
    this.partialBytes = 0;
    this.partialTruncated = false;
    this.pending = null;
    return dropped;
  }

  private keep(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    const room = this.limits.maxLineBytes - this.partialBytes;
    if (room <= 0) {
      this.partialTruncated = true;
      return;
    }
    const kept = bytes.length > room ? bytes.subarray(0, room) : bytes;
    if (kept.length < bytes.length) this.partialTruncated = true;
    // Copy: the caller's buffer may be reused by the socket.
    this.partial.push(kept.slice());
    this.partialBytes += kept.length;
  }

  private takeLine(): { bytes: Uint8Array; truncated: boolean; wireLength: number } {
    const bytes = new Uint8Array(this.partialBytes);
    let offset = 0;
    for (const part of this.partial) {
      bytes.set(part, offset);
      offset += part.length;
    }
    const truncated = this.partialTruncated;
    this.partial = [];
    this.partialBytes = 0;
    this.partialTruncated = false;
    return { bytes, truncated, wireLength: truncated ? Number.POSITIVE_INFINITY : bytes.length + 1 };
  }

  /** `bytes` may be the caller's buffer: nothing here keeps it beyond this call. */
  private completeLine(out: ParsedItem[], bytes: Uint8Array, truncated: boolean, wireLength: number): void {
    const crlf = bytes.length > 0 && bytes[bytes.length - 1] === 0x0d && !truncated;
    const body = crlf ? bytes.subarray(0, bytes.length - 1) : bytes;
    const line = this.decoder.decode(body);
    const flags: ReplyFlag[] = [];
    if (!crlf && !truncated) flags.push("bare-lf");
    if (truncated) flags.push("truncated-line");
    if (wireLength > RFC_REPLY_LINE_MAX) flags.push("overlong-line");
    if (CONTROL.test(line)) flags.push("control-chars");

    if (line.length === 0 && this.pending === null) {
      out.push({ kind: "empty-line" });
      return;
    }
    const m = LINE.exec(line);
    if (!m) {
      // A non-reply line ends whatever reply was open: the server is not speaking SMTP.
      this.pending = null;
      // A copy, as a plain Uint8Array: `body` may be a view of the caller's Buffer, whose slice() copies nothing.
      out.push({ kind: "garbage", line, bytes: new Uint8Array(body) });
      return;
    }
    const code = Number(m[1]);
    const sep = m[2];
    const text = m[3] ?? m[4] ?? "";
    if (sep === undefined) flags.push(text.length === 0 ? "code-only" : "no-separator");
    // The line as it came: the same as decoding `bytes`, without decoding them a second time.
    const raw = crlf ? `${line}\r\n` : `${line}\n`;

    if (this.pending === null && sep !== "-") {
      // A one-line reply (nearly all of them): its arrays made at their size, nothing to copy after.
      const single: Pending = { code, lines: [line], text: [text], raw: [raw], flags: flags.length === 0 ? null : new Set(flags) };
      out.push({ kind: "reply", reply: finish(single, true) });
      return;
    }
    const pending = this.pending ?? { code, lines: [], text: [], raw: [], flags: null };
    if (pending.code !== code) flags.push("inconsistent-codes");
    pending.lines.push(line);
    pending.text.push(text);
    pending.raw.push(raw);
    for (const f of flags) (pending.flags ??= new Set()).add(f);
    this.pending = pending;

    const last = sep !== "-";
    if (last || pending.lines.length >= this.limits.maxLinesPerReply) {
      if (!last) (pending.flags ??= new Set()).add("too-many-lines");
      this.pending = null;
      out.push({ kind: "reply", reply: finish(pending) });
    }
  }
}

/** `exact`: the arrays are already at their size (a one-line reply), so they are kept, not copied. */
function finish(p: Pending, exact = false): Reply {
  const first = p.text[0] ?? "";
  const m = ENHANCED.exec(first);
  const enhancedCode = m && m[1] === String(p.code)[0] ? normalisedEnhanced(m) : null;
  // Copies sized to their content (map() and slice() allocate exactly; push() leaves room for 17):
  // a live session keeps every reply, and most have one line.
  const text = enhancedCode ? p.text.map(stripEnhanced) : exact ? p.text : p.text.slice();
  return {
    code: p.code,
    enhancedCode,
    lines: exact ? p.lines : p.lines.slice(),
    text,
    raw: exact ? p.raw[0]! : p.raw.join(""),
    // Nearly every reply has no flag: they share one empty array instead of keeping one each.
    flags: p.flags === null ? NO_FLAGS : [...p.flags],
  };
}

const NO_FLAGS = Object.freeze([]) as unknown as ReplyFlag[];

/** One string per distinct enhanced code ("2.0.0"), shared by the replies that carry it; bounded. */
const enhancedStrings = new Map<string, string>();
function normalisedEnhanced(m: RegExpExecArray): string {
  const known = enhancedStrings.get(m[0]);
  if (known !== undefined) return known;
  const code = `${m[1]}.${Number(m[2])}.${Number(m[3])}`;
  if (enhancedStrings.size < 1024) enhancedStrings.set(m[0], code);
  return code;
}

// The enhanced code if it starts the line, then any spaces after it (or before the text of a line without one).
const ENHANCED_AND_SPACE = /^\s*(?:[245]\.\d{1,3}\.\d{1,3}(?=\s|$))?\s*/;
function stripEnhanced(text: string): string {
  return text.replace(ENHANCED_AND_SPACE, "");
}
