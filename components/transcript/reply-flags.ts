import type { ReplyFlag } from "@/lib/schemas/reply";

/** What each parser flag means, in words an admin can pass on. */
export const FLAG_TEXT: Record<ReplyFlag, string> = {
  "bare-lf": "line ended with a bare LF instead of CRLF",
  "overlong-line": "a line is longer than the 512 octets RFC 5321 allows",
  "truncated-line": "a very long line was cut",
  "inconsistent-codes": "continuation lines carry a different code",
  "code-only": "the reply has a code but no text",
  "too-many-lines": "the reply had too many lines and was cut",
  "control-chars": "the text contains control characters (shown as symbols)",
  "no-separator": "the code is not followed by a space or hyphen",
};
