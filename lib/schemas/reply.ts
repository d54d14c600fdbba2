import { z } from "zod";

/** What the parser noticed about a reply that RFC 5321 4.2 does not allow but servers send anyway. */
export const REPLY_FLAGS = [
  "bare-lf", // line ended with LF alone
  "overlong-line", // a line beyond 512 octets (RFC 5321 4.5.3.1.5)
  "truncated-line", // a line beyond the parser's cap was cut
  "inconsistent-codes", // continuation lines carry a different code
  "code-only", // "250" with no separator or text
  "too-many-lines", // reply cut at the lines-per-reply cap
  "control-chars", // text contains control characters
  "no-separator", // "250x": code followed by neither space nor hyphen
] as const;
export const ReplyFlag = z.enum(REPLY_FLAGS);
export type ReplyFlag = z.infer<typeof ReplyFlag>;

/** One complete server reply: every line kept, the raw text kept. */
export const Reply = z.object({
  code: z.number().int().min(0).max(999),
  enhancedCode: z.string().nullable(),
  lines: z.array(z.string()).describe("Each line as received, without its line ending"),
  text: z.array(z.string()).describe("The text of each line after the code, separator and enhanced code"),
  raw: z.string().describe("The exact text received, line endings included"),
  flags: z.array(ReplyFlag),
});
export type Reply = z.infer<typeof Reply>;
