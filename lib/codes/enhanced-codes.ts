/**
 * The enhanced status codes (class.subject.detail, RFC 3463) as the IANA "Enumerated Status
 * Codes" registry lists them (RFC 5248 set up the registry). The registry names codes as
 * X.subject.detail; the class is the first digit the server sends.
 */

export const ENHANCED_CLASS_DIGITS = [2, 4, 5] as const;
export type EnhancedClass = (typeof ENHANCED_CLASS_DIGITS)[number];

/** RFC 3463 2: what the first digit (the class) says. */
export const ENHANCED_CLASSES = {
  2: { title: "Success", meaning: "The action was carried out; any detail only adds information." },
  4: {
    title: "Persistent transient failure",
    meaning: "The message itself is fine, but a temporary condition stopped it; sending again later may work.",
  },
  5: {
    title: "Permanent failure",
    meaning: "Sending the same message again will fail: something about the message, the address or the destination has to change.",
  },
} as const satisfies Record<EnhancedClass, { title: string; meaning: string }>;

/** RFC 3463 3.1–3.8: what the middle number (the subject) is about. */
export const ENHANCED_SUBJECTS = {
  0: { title: "Other or undefined status", meaning: "Only the class is known; the server gave no subject.", reference: "RFC 3463 3.1" },
  1: { title: "Addressing status", meaning: "Something about the sender or recipient address.", reference: "RFC 3463 3.2" },
  2: { title: "Mailbox status", meaning: "Something about the recipient's mailbox, which exists.", reference: "RFC 3463 3.3" },
  3: { title: "Mail system status", meaning: "Something about the receiving mail system: storage, size limits, features, configuration.", reference: "RFC 3463 3.4" },
  4: { title: "Network and routing status", meaning: "Something about the network or routing: DNS, connections, timeouts, loops.", reference: "RFC 3463 3.5" },
  5: { title: "Mail delivery protocol status", meaning: "Something about the SMTP conversation: commands, syntax, sequence.", reference: "RFC 3463 3.6" },
  6: { title: "Message content or media status", meaning: "Something about the message content: its format, encoding or conversion.", reference: "RFC 3463 3.7" },
  7: { title: "Security or policy status", meaning: "Security or policy: authentication, authorisation, filtering, reputation.", reference: "RFC 3463 3.8" },
} as const satisfies Record<number, { title: string; meaning: string; reference: string }>;

export type EnhancedSubject = keyof typeof ENHANCED_SUBJECTS;

/** One registry entry, keyed by "subject.detail". */
export interface EnhancedCodeEntry {
  readonly key: string;
  readonly title: string;
  readonly detail: string;
  /**
   * The classes the RFC text and the registry's associated basic codes give for it. The registry
   * has no class column, and servers send other classes too (Postfix answers 450 4.1.2 while a
   * domain does not resolve), so this is information, never a validity check.
   */
  readonly classes: readonly EnhancedClass[];
  /** The "associated basic status code" column; empty where the registry says "Not given". */
  readonly basicCodes: readonly number[];
  readonly reference: string;
  /** How servers use the code in practice, where that differs from the registry wording. */
  readonly note?: string;
}

export const ENHANCED_CODES = [
  // X.0: other or undefined
  {
    key: "0.0", title: "Other undefined status", classes: [2, 4, 5], basicCodes: [], reference: "RFC 3463 3.1",
    detail: "No specific status: only the class (success, temporary or permanent failure) is known.",
  },

  // X.1: addressing
  {
    key: "1.0", title: "Other address status", classes: [2, 4, 5], basicCodes: [], reference: "RFC 3463 3.2",
    detail: "Something about an address caused this status, without more detail.",
    note: "Postfix answers an accepted MAIL FROM with 250 2.1.0.",
  },
  {
    key: "1.1", title: "Bad destination mailbox address", classes: [4, 5], basicCodes: [451, 550], reference: "RFC 3463 3.2",
    detail: "The mailbox does not exist: the part before the @ is not valid on the destination system.",
    note: "The usual answer for an unknown recipient. Servers also use 5.1.10 and 5.4.1 for the same thing, so read all three as \"no such recipient here\".",
  },
  {
    key: "1.2", title: "Bad destination system address", classes: [4, 5], basicCodes: [], reference: "RFC 3463 3.2",
    detail: "The destination domain (the part after the @) does not exist or cannot take mail.",
    note: "Postfix sends 450 4.1.2 while the domain does not resolve, and 550 5.1.2 when it surely does not exist.",
  },
  {
    key: "1.3", title: "Bad destination mailbox address syntax", classes: [5], basicCodes: [501], reference: "RFC 3463 3.2",
    detail: "The recipient address is not written correctly.",
  },
  {
    key: "1.4", title: "Destination mailbox address ambiguous", classes: [4, 5], basicCodes: [], reference: "RFC 3463 3.2",
    detail: "The address matches more than one mailbox on the destination system.",
  },
  {
    key: "1.5", title: "Destination address valid", classes: [2], basicCodes: [250], reference: "RFC 3463 3.2",
    detail: "The recipient address is valid.",
    note: "Postfix answers an accepted RCPT TO with 250 2.1.5; that does not prove the mailbox exists behind a relay.",
  },
  {
    key: "1.6", title: "Destination mailbox has moved, no forwarding address", classes: [5], basicCodes: [], reference: "RFC 3463 3.2",
    detail: "The address was valid once, but mail is no longer accepted for it and no new address is known.",
  },
  {
    key: "1.7", title: "Bad sender's mailbox address syntax", classes: [4, 5], basicCodes: [], reference: "RFC 3463 3.2",
    detail: "The sender address is not written correctly.",
  },
  {
    key: "1.8", title: "Bad sender's system address", classes: [4, 5], basicCodes: [451, 501], reference: "RFC 3463 3.2",
    detail: "The sender's domain does not exist or cannot take replies, so bounces could not be returned.",
  },
  {
    key: "1.9", title: "Message relayed to non-compliant mailer", classes: [2], basicCodes: [], reference: "RFC 3886",
    detail: "The address was valid, but the message went on to a system that cannot report delivery status; nothing more will be known.",
  },
  {
    key: "1.10", title: "Recipient address has null MX", classes: [5], basicCodes: [556], reference: "RFC 7505; RFC 7504",
    detail: "The recipient's domain publishes a null MX: it says it accepts no mail at all.",
    note: "Microsoft 365 also sends 550 5.1.10 \"Recipient not found by SMTP address lookup\" for a recipient that does not exist, with no null MX involved; the server text tells which.",
  },

  // X.2: mailbox
  {
    key: "2.0", title: "Other or undefined mailbox status", classes: [2, 4, 5], basicCodes: [], reference: "RFC 3463 3.3",
    detail: "The mailbox exists, but something about it caused this status.",
  },
  {
    key: "2.1", title: "Mailbox disabled, not accepting messages", classes: [4, 5], basicCodes: [], reference: "RFC 3463 3.3",
    detail: "The mailbox exists but does not take messages, for now or for good.",
    note: "Gmail sends 450 4.2.1 when a mailbox is receiving mail too quickly: a rate limit on the recipient that clears by itself.",
  },
  {
    key: "2.2", title: "Mailbox full", classes: [4, 5], basicCodes: [552], reference: "RFC 3463 3.3",
    detail: "The recipient's mailbox is over its quota; the recipient can make room by deleting mail.",
    note: "RFC 3463 calls it a persistent transient failure: it clears once mail is deleted, so senders retry for a while even when the code is 552.",
  },
  {
    key: "2.3", title: "Message length exceeds administrative limit", classes: [5], basicCodes: [552], reference: "RFC 3463 3.3",
    detail: "The message is bigger than this mailbox's own size limit.",
  },
  {
    key: "2.4", title: "Mailing list expansion problem", classes: [4, 5], basicCodes: [450, 452], reference: "RFC 3463 3.3",
    detail: "The address is a mailing list, and the list could not be expanded into its members.",
  },

  // X.3: mail system
  {
    key: "3.0", title: "Other or undefined mail system status", classes: [2, 4, 5], basicCodes: [221, 250, 421, 451, 550, 554], reference: "RFC 3463 3.4",
    detail: "The destination normally accepts mail, but something about the system caused this status.",
  },
  {
    key: "3.1", title: "Mail system full", classes: [4], basicCodes: [452], reference: "RFC 3463 3.4",
    detail: "The mail system is out of storage; the recipient cannot fix this by deleting mail.",
  },
  {
    key: "3.2", title: "System not accepting network messages", classes: [4, 5], basicCodes: [453, 521], reference: "RFC 3463 3.4; RFC 7504",
    detail: "The host is not taking messages, for example because of shutdown, heavy load or maintenance.",
  },
  {
    key: "3.3", title: "System not capable of selected features", classes: [4, 5], basicCodes: [], reference: "RFC 3463 3.4",
    detail: "The destination does not support features the message asks for.",
  },
  {
    key: "3.4", title: "Message too big for system", classes: [5], basicCodes: [552, 554], reference: "RFC 3463 3.4",
    detail: "The message is larger than the system's size limit.",
  },
  {
    key: "3.5", title: "System incorrectly configured", classes: [4, 5], basicCodes: [], reference: "RFC 3463 3.4",
    detail: "The system's configuration does not let it accept this message.",
  },
  {
    key: "3.6", title: "Requested priority was changed", classes: [2], basicCodes: [250, 251], reference: "RFC 6710",
    detail: "The message was accepted, but not with the priority asked for; the text gives the new priority.",
  },

  // X.4: network and routing
  {
    key: "4.0", title: "Other or undefined network or routing status", classes: [4, 5], basicCodes: [], reference: "RFC 3463 3.5",
    detail: "Something went wrong in the network or routing, with no more detail.",
  },
  {
    key: "4.1", title: "No answer from host", classes: [4, 5], basicCodes: [451], reference: "RFC 3463 3.5",
    detail: "The next host did not answer the connection attempt.",
    note: "Microsoft Exchange Online uses 550 5.4.1 \"Recipient address rejected: Access denied\" for a recipient that is not in its directory (Directory-Based Edge Blocking): in practice, no such recipient.",
  },
  {
    key: "4.2", title: "Bad connection", classes: [4], basicCodes: [421], reference: "RFC 3463 3.5",
    detail: "The connection was made but broke or timed out before the transaction finished.",
  },
  {
    key: "4.3", title: "Directory server failure", classes: [4, 5], basicCodes: [451, 550], reference: "RFC 3463 3.5",
    detail: "A directory server, often DNS, could not be reached, so the message could not be routed.",
  },
  {
    key: "4.4", title: "Unable to route", classes: [4, 5], basicCodes: [], reference: "RFC 3463 3.5",
    detail: "No next hop could be found: the domain has no usable MX or address records.",
  },
  {
    key: "4.5", title: "Mail system congestion", classes: [4], basicCodes: [451], reference: "RFC 3463 3.5",
    detail: "The mail system is congested and cannot take the message now.",
  },
  {
    key: "4.6", title: "Routing loop detected", classes: [4, 5], basicCodes: [], reference: "RFC 3463 3.5",
    detail: "The message was passed around too many times, because of a routing or forwarding loop.",
  },
  {
    key: "4.7", title: "Delivery time expired", classes: [4, 5], basicCodes: [], reference: "RFC 3463 3.5",
    detail: "The message was too old: it waited in a queue too long, or its time to live ran out.",
  },

  // X.5: mail delivery protocol
  {
    key: "5.0", title: "Other or undefined protocol status", classes: [2, 4, 5], basicCodes: [220, 250, 251, 252, 253, 451, 452, 454, 458, 459, 501, 502, 503, 554], reference: "RFC 3463 3.6",
    detail: "Something about the SMTP exchange caused this status, with no more detail.",
  },
  {
    key: "5.1", title: "Invalid command", classes: [5], basicCodes: [430, 500, 501, 503, 530, 550, 554, 555], reference: "RFC 3463 3.6",
    detail: "A command was out of sequence or not supported.",
  },
  {
    key: "5.2", title: "Syntax error", classes: [5], basicCodes: [500, 501, 502, 550, 555], reference: "RFC 3463 3.6",
    detail: "A command could not be understood: wrong syntax, or an unknown command.",
  },
  {
    key: "5.3", title: "Too many recipients", classes: [4, 5], basicCodes: [451], reference: "RFC 3463 3.6",
    detail: "The message has more recipients than the server takes at once; the rest should go in another transaction.",
  },
  {
    key: "5.4", title: "Invalid command arguments", classes: [5], basicCodes: [451, 501, 502, 503, 504, 550, 555], reference: "RFC 3463 3.6",
    detail: "A valid command had arguments that are out of range or not supported.",
  },
  {
    key: "5.5", title: "Wrong protocol version", classes: [4, 5], basicCodes: [], reference: "RFC 3463 3.6",
    detail: "The two sides could not agree on a protocol version.",
  },
  {
    key: "5.6", title: "Authentication exchange line is too long", classes: [4, 5], basicCodes: [500], reference: "RFC 4954",
    detail: "A base64 line sent during AUTH was longer than the server accepts for this mechanism.",
  },

  // X.6: message content or media
  {
    key: "6.0", title: "Other or undefined media error", classes: [2, 4, 5], basicCodes: [], reference: "RFC 3463 3.7",
    detail: "Something about the message content made it undeliverable, with no more detail.",
    note: "Content filters use 5.6.0 for rejected content; Exchange answers an accepted message with 250 2.6.0.",
  },
  {
    key: "6.1", title: "Media not supported", classes: [5], basicCodes: [], reference: "RFC 3463 3.7",
    detail: "The message's media type is not supported on the way to the recipient.",
  },
  {
    key: "6.2", title: "Conversion required and prohibited", classes: [5], basicCodes: [], reference: "RFC 3463 3.7",
    detail: "The content has to be converted before delivery, but conversion is not allowed.",
  },
  {
    key: "6.3", title: "Conversion required but not supported", classes: [4, 5], basicCodes: [554], reference: "RFC 3463 3.7",
    detail: "The content has to be converted (for example 8-bit to 7-bit), but no host on the path can do it.",
  },
  {
    key: "6.4", title: "Conversion with loss performed", classes: [2, 5], basicCodes: [250], reference: "RFC 3463 3.7",
    detail: "The message was delivered, but a conversion on the way lost some data.",
  },
  {
    key: "6.5", title: "Conversion failed", classes: [4, 5], basicCodes: [], reference: "RFC 3463 3.7",
    detail: "A needed conversion of the content did not succeed.",
  },
  {
    key: "6.6", title: "Message content not available", classes: [4, 5], basicCodes: [554], reference: "RFC 4468",
    detail: "The content could not be fetched from the remote system it was referenced on (BURL).",
  },
  {
    key: "6.7", title: "Non-ASCII addresses not permitted for that sender/recipient", classes: [5], basicCodes: [553, 550], reference: "RFC 6531",
    detail: "An address with non-ASCII characters was refused for this sender or recipient.",
  },
  {
    key: "6.8", title: "UTF-8 string reply is required, but not permitted by the SMTP client", classes: [2, 5], basicCodes: [252, 553, 550], reference: "RFC 6531",
    detail: "The answer needs a UTF-8 mailbox name, but the client did not ask for SMTPUTF8.",
  },
  {
    key: "6.9", title: "UTF-8 header message cannot be transferred to one or more recipients", classes: [5], basicCodes: [550], reference: "RFC 6531",
    detail: "The message has UTF-8 header fields, and at least one recipient's server cannot take them, so the message was refused after the final dot.",
  },
  {
    key: "6.10", title: "Duplicate of X.6.8 (deprecated)", classes: [2, 5], basicCodes: [], reference: "RFC 6531",
    detail: "Registered by mistake as a copy of X.6.8 and deprecated; read it as X.6.8.",
  },

  // X.7: security or policy
  {
    key: "7.0", title: "Other or undefined security status", classes: [2, 4, 5], basicCodes: [220, 235, 450, 454, 500, 501, 503, 504, 530, 535, 550], reference: "RFC 3463 3.8",
    detail: "Something about security or policy caused this status; the server may not say more on purpose.",
    note: "Common with 530 (authentication or STARTTLS required first) and 454 (temporary authentication failure).",
  },
  {
    key: "7.1", title: "Delivery not authorized, message refused", classes: [4, 5], basicCodes: [451, 454, 502, 503, 533, 550, 551], reference: "RFC 3463 3.8",
    detail: "The sender is not allowed to send to this destination, by a per-host or per-recipient policy.",
    note: "Used for many different refusals: relaying denied, blocklisted client, sender blocked, greylisting (as 4.7.1). The text says which.",
  },
  {
    key: "7.2", title: "Mailing list expansion prohibited", classes: [5], basicCodes: [550], reference: "RFC 3463 3.8",
    detail: "The sender is not allowed to send to this mailing list.",
  },
  {
    key: "7.3", title: "Security conversion required but not possible", classes: [5], basicCodes: [], reference: "RFC 3463 3.8",
    detail: "Delivery needed a conversion between secure messaging formats that could not be done.",
    note: "Microsoft Exchange answers AUTH with 535 5.7.3 \"Authentication unsuccessful\" for any failed sign-in: a wrong password or user name form, a locked account, or a receive connector that does not allow it. In practice, authentication failed.",
  },
  {
    key: "7.4", title: "Security features not supported", classes: [5], basicCodes: [504], reference: "RFC 3463 3.8",
    detail: "The message asked for security features the delivery path does not support.",
  },
  {
    key: "7.5", title: "Cryptographic failure", classes: [4, 5], basicCodes: [], reference: "RFC 3463 3.8",
    detail: "A system allowed to check or decrypt the message could not, because a key was missing or invalid.",
  },
  {
    key: "7.6", title: "Cryptographic algorithm not supported", classes: [4, 5], basicCodes: [], reference: "RFC 3463 3.8",
    detail: "A system allowed to check or decrypt the message does not support the algorithm used.",
  },
  {
    key: "7.7", title: "Message integrity failure", classes: [2, 4, 5], basicCodes: [], reference: "RFC 3463 3.8",
    detail: "The message was altered or corrupted on the way, so its integrity could not be confirmed.",
  },
  {
    key: "7.8", title: "Authentication credentials invalid", classes: [5], basicCodes: [535, 554], reference: "RFC 4954",
    detail: "Authentication failed: the user name, password or token was not accepted.",
  },
  {
    key: "7.9", title: "Authentication mechanism is too weak", classes: [5], basicCodes: [534], reference: "RFC 4954",
    detail: "The chosen AUTH mechanism is weaker than the server allows for this account.",
    note: "Google answers 534 5.7.9 \"Application-specific password required\" when the account needs an app password.",
  },
  {
    key: "7.10", title: "Encryption needed", classes: [5], basicCodes: [523], reference: "RFC 5248",
    detail: "This AUTH mechanism needs an encrypted connection first (TLS), or a stronger mechanism.",
  },
  {
    key: "7.11", title: "Encryption required for requested authentication mechanism", classes: [5], basicCodes: [524, 538], reference: "RFC 4954",
    detail: "The chosen AUTH mechanism may only be used on an encrypted connection.",
  },
  {
    key: "7.12", title: "A password transition is needed", classes: [4], basicCodes: [422, 432], reference: "RFC 4954",
    detail: "The account must log in once with PLAIN before the chosen mechanism works.",
  },
  {
    key: "7.13", title: "User account disabled", classes: [5], basicCodes: [525], reference: "RFC 5248",
    detail: "The credentials are right, but the account is disabled; only its administrator can enable it again.",
  },
  {
    key: "7.14", title: "Trust relationship required", classes: [5], basicCodes: [535, 554], reference: "RFC 5248",
    detail: "The submission server needs a configured trust relationship with another server to fetch the message content (BURL).",
  },
  {
    key: "7.15", title: "Priority level is too low", classes: [4, 5], basicCodes: [450, 550], reference: "RFC 6710",
    detail: "The message's priority is below the lowest the server accepts at the moment.",
  },
  {
    key: "7.16", title: "Message is too big for the specified priority", classes: [4, 5], basicCodes: [552], reference: "RFC 6710",
    detail: "The message is too big for the priority it asked for.",
  },
  {
    key: "7.17", title: "Mailbox owner has changed", classes: [5], basicCodes: [], reference: "RFC 7293",
    detail: "The recipient mailbox has changed owner since the date the sender gave (Require-Recipient-Valid-Since).",
  },
  {
    key: "7.18", title: "Domain owner has changed", classes: [5], basicCodes: [], reference: "RFC 7293",
    detail: "The recipient's domain has changed owner since the date the sender gave (Require-Recipient-Valid-Since).",
  },
  {
    key: "7.19", title: "RRVS test cannot be completed", classes: [5], basicCodes: [], reference: "RFC 7293",
    detail: "The server cannot check mailbox ownership since the given date, because it did not record when the mailbox was created.",
  },
  {
    key: "7.20", title: "No passing DKIM signature found", classes: [5], basicCodes: [550], reference: "RFC 7372",
    detail: "The message has no DKIM signature that verifies.",
  },
  {
    key: "7.21", title: "No acceptable DKIM signature found", classes: [5], basicCodes: [550], reference: "RFC 7372",
    detail: "The message has DKIM signatures that verify, but none the server's policy accepts.",
  },
  {
    key: "7.22", title: "No valid author-matched DKIM signature found", classes: [5], basicCodes: [550], reference: "RFC 7372",
    detail: "No verifying DKIM signature belongs to the domain in the From header.",
  },
  {
    key: "7.23", title: "SPF validation failed", classes: [5], basicCodes: [550], reference: "RFC 7372",
    detail: "SPF failed: the sender domain's SPF record does not allow the address the mail came from.",
  },
  {
    key: "7.24", title: "SPF validation error", classes: [4, 5], basicCodes: [451, 550], reference: "RFC 7372",
    detail: "Checking SPF ended in an error: the sender domain's SPF record is broken, or its DNS did not answer.",
  },
  {
    key: "7.25", title: "Reverse DNS validation failed", classes: [5], basicCodes: [550], reference: "RFC 7372",
    detail: "The connecting address failed the reverse DNS check: no PTR record, or one that does not match.",
  },
  {
    key: "7.26", title: "Multiple authentication checks failed", classes: [5], basicCodes: [550], reference: "RFC 7372",
    detail: "The message failed more than one authentication check (SPF, DKIM, DMARC).",
    note: "Gmail uses 5.7.26 when a message fails the sender domain's DMARC policy or is unauthenticated.",
  },
  {
    key: "7.27", title: "Sender address has null MX", classes: [5], basicCodes: [550], reference: "RFC 7505",
    detail: "The sender's domain publishes a null MX, so bounces could not be returned; the server refuses it.",
  },
  {
    key: "7.28", title: "Mail flood detected", classes: [4, 5], basicCodes: [], reference: "draft-levine-mailbomb-header",
    detail: "The message looks like part of a flood of similar abusive messages.",
  },
  {
    key: "7.29", title: "ARC validation failure", classes: [5], basicCodes: [550], reference: "RFC 8617",
    detail: "The message's ARC chain (authentication results kept across forwarding) did not validate.",
  },
  {
    key: "7.30", title: "REQUIRETLS support required", classes: [5], basicCodes: [550], reference: "RFC 8689",
    detail: "The message demands TLS all the way (REQUIRETLS), and the next server does not support that.",
  },
] as const satisfies readonly EnhancedCodeEntry[];

export type EnhancedCodeKey = (typeof ENHANCED_CODES)[number]["key"];

const BY_KEY: ReadonlyMap<string, EnhancedCodeEntry> = new Map(
  ENHANCED_CODES.map((e): [string, EnhancedCodeEntry] => [e.key, e]),
);

/** The registry entry for "subject.detail" (e.g. "7.1"), or null when not registered. */
export function enhancedEntry(key: string): EnhancedCodeEntry | null {
  return BY_KEY.get(key) ?? null;
}

export interface ParsedEnhancedCode {
  /** Normalised "class.subject.detail", without leading zeros. */
  code: string;
  class: EnhancedClass;
  subject: number;
  detail: number;
  /** "subject.detail", the registry key. */
  key: string;
}

/** RFC 3463 2: class "." subject "." detail, subject and detail one to three digits. */
const ENHANCED = /^([245])\.(\d{1,3})\.(\d{1,3})$/;

/**
 * Answers by code text, bounded: a busy server reads the same few codes ("2.0.0", "2.1.5") thousands
 * of times a second, and each answer is a regular expression match and one to two new objects. Frozen,
 * as they are shared; a hostile server sending ever new codes only refills the map.
 */
function memo<T extends object>(make: (code: string) => T | null): (code: string) => T | null {
  const known = new Map<string, T | null>();
  return (code) => {
    let answer = known.get(code);
    if (answer === undefined) {
      answer = make(code);
      if (answer) Object.freeze(answer);
      if (known.size >= 512) known.clear();
      known.set(code, answer);
    }
    return answer;
  };
}

/** Parse "5.7.1"; null for anything else (wrong class, missing parts, extra text). The result is shared and frozen. */
export const parseEnhancedCode = memo((code: string): ParsedEnhancedCode | null => {
  const m = ENHANCED.exec(code.trim());
  if (!m) return null;
  const cls = Number(m[1]) as EnhancedClass;
  const subject = Number(m[2]);
  const detail = Number(m[3]);
  return { code: `${cls}.${subject}.${detail}`, class: cls, subject, detail, key: `${subject}.${detail}` };
});

export interface EnhancedMeaning {
  code: string;
  title: string;
  detail: string;
  reference: string;
  /** False when the detail (or subject) is not in the registry and the meaning is a fallback. */
  registered: boolean;
}

function subjectOf(subject: number) {
  return subject in ENHANCED_SUBJECTS ? ENHANCED_SUBJECTS[subject as EnhancedSubject] : null;
}

/**
 * The meaning of a full code such as "5.7.1". An unregistered detail (Microsoft's 5.7.606, say)
 * falls back to its subject, an unknown subject to its class. Null only when the text is not an
 * enhanced status code at all. The result is shared and frozen.
 */
export const enhancedCode = memo((code: string): EnhancedMeaning | null => {
  const parsed = parseEnhancedCode(code);
  if (!parsed) return null;
  const entry = BY_KEY.get(parsed.key);
  if (entry) {
    return {
      code: parsed.code,
      title: entry.title,
      detail: entry.note ? `${entry.detail} ${entry.note}` : entry.detail,
      reference: entry.reference,
      registered: true,
    };
  }
  const cls = ENHANCED_CLASSES[parsed.class];
  const subject = subjectOf(parsed.subject);
  if (subject) {
    return {
      code: parsed.code,
      title: `${subject.title} (detail ${parsed.detail} is not in the registry)`,
      detail:
        `${subject.meaning} The registry does not list X.${parsed.key}: some providers, Microsoft 365 among them, ` +
        `define their own details, so read the server's text for the reason. ${cls.title}: ${cls.meaning}`,
      reference: subject.reference,
      registered: false,
    };
  }
  return {
    code: parsed.code,
    title: `${cls.title} (subject ${parsed.subject} is not in the registry)`,
    detail: `${cls.meaning} Subject ${parsed.subject} is not defined, so only the class can be read; the server's text may say more.`,
    reference: "RFC 3463 2",
    registered: false,
  };
});
