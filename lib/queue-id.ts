/**
 * The id a server gives a message it accepts, picked out of the 250 reply to the end of DATA (or to
 * BDAT LAST). It is what the server's admin searches the mail log for. No RFC fixes its place or form,
 * so each server's wording is matched on its own; a reply that matches none has no id, and a word
 * that merely looks like one is never returned.
 */

interface QueueIdPattern {
  /** Who replies this way; documentation only. */
  readonly server: string;
  /** Group 1 is the id. Tried against each text line, in table order. */
  readonly pattern: RegExp;
}

/** At least one digit: keeps English words out of the generic patterns. */
const HAS_DIGIT = "(?=[^\\s]*\\d)";

export const QUEUE_ID_PATTERNS: readonly QueueIdPattern[] = [
  // Postfix "Ok: queued as 4ZkQ1x3V0Bz9sT" (long ids) or "queued as 3F2A11C0B5E" (short, upper-case
  // hex); SendGrid, Zimbra and mailcow use the same words.
  { server: "Postfix", pattern: new RegExp(`\\b[Qq]ueued as (${HAS_DIGIT}[0-9A-Za-z_-]{6,40}|[0-9A-F]{6,12})(?![\\w-])`) },
  // Exim "OK id=1tAbCd-000ABC-1x"; Exim 4.97+ ids are longer: "1tAbCd-00000000ABC-1xyz".
  { server: "Exim", pattern: /\bid=([0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4})\b/ },
  // Microsoft Exchange and Microsoft 365: "<message-id> [InternalId=123, Hostname=...] Queued mail for
  // delivery". The InternalId is the receiving server's own handle (internal-message-id in its message
  // tracking log); the Message-ID in angle brackets is our own, already known to the sender.
  { server: "Microsoft Exchange", pattern: /\[InternalId=(\d+)\b/ },
  // Older Exchange and IIS SMTP give only the Message-ID; it is then the only handle there is.
  { server: "Microsoft Exchange (no InternalId)", pattern: /^(<[^<>\s]+>)\s.*\bQueued mail for delivery\b/i },
  // Gmail "OK  1700000000 d2e1a72fcca58-6c3b9f2a1b8si1234567pfb.123 - gsmtp": the SMTP id that also
  // appears in Gmail's Received header ("with ESMTPS id ...").
  { server: "Gmail", pattern: /^OK\s+\d+\s+([0-9A-Za-z][0-9A-Za-z.-]{5,80})\s+-\s+gsmtp\b/i },
  // Sendmail "5AB1CdEf012345 Message accepted for delivery"; OpenSMTPD and Proofpoint word it alike.
  {
    server: "Sendmail",
    pattern: new RegExp(`^:?\\s*(${HAS_DIGIT}[0-9A-Za-z][0-9A-Za-z.-]{5,40})\\s+Message accepted for delivery\\b`, "i"),
  },
  // Haraka "Message Queued (6F2A1D4E-8B3C-4D2E-9F1A-0B2C3D4E5F60.1)": the transaction UUID.
  { server: "Haraka", pattern: /\bMessage Queued \((?=[^)]*\d)([0-9A-Za-z][0-9A-Za-z.-]{7,80})\)/i },
  // Amazon SES "Ok 010001891ca0f7b4-2c7d2a48-1f1d-4b62-8f0a-3a9e0b59c1e2-000000".
  { server: "Amazon SES", pattern: /^Ok\s+([0-9a-f]{16}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-\d{6})\b/i },
  // Courier "Ok. 00000000005B7D3E.5A1B2C3D.00001234".
  { server: "Courier", pattern: /^Ok\.\s+([0-9A-F]{8,16}\.[0-9A-F]{8}\.[0-9A-F]{4,8})\b/i },
  // qmail "ok 1700000000 qp 12345": the qmail-queue process id, logged as "qp 12345".
  { server: "qmail", pattern: /^ok\s+\d+\s+(qp\s\d+)\b/i },
];

/** RFC 3463: servers that announce ENHANCEDSTATUSCODES start each line with one; it is not part of the id. */
const ENHANCED = /^[245]\.\d{1,3}\.\d{1,3}(?=[\s:]|$)/;

/** The queue id in the text lines of a 250 reply, or null when the reply carries none. */
export function extractQueueId(text: readonly string[]): string | null {
  const lines = text.map((line) => line.trim().replace(ENHANCED, "").trim());
  for (const { pattern } of QUEUE_ID_PATTERNS) {
    for (const line of lines) {
      const id = pattern.exec(line)?.[1];
      if (id) return id;
    }
  }
  return null;
}
