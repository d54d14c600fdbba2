import type { ReplyClass } from "../schemas/explanation";

/** One basic (three-digit) reply code: what it means, and where it is defined. */
export interface BasicCodeEntry {
  readonly code: number;
  readonly title: string;
  readonly meaning: string;
  readonly reference: string;
}

/**
 * The basic reply codes a server may send. RFC 5321 4.2.2 lists the core set (4.2.3 explains
 * them); RFC 4954 adds the AUTH codes, RFC 3207 reuses 220/454/501/530 for STARTTLS and RFC 7504
 * adds 521 and 556. Not listed on purpose: 422, 523, 524 and 525, which appear only as
 * "associated basic codes" in the enhanced status code registry (RFC 5248) and not in any SMTP
 * specification; RFC 4954 itself uses 432 and 538 for those conditions.
 */
export const BASIC_CODES = [
  {
    code: 211,
    title: "System status",
    meaning: "A status or help reply meant for a person; nothing needs to be done.",
    reference: "RFC 5321 4.2.2",
  },
  {
    code: 214,
    title: "Help message",
    meaning: "Help text for a person reading the session, usually the answer to HELP.",
    reference: "RFC 5321 4.2.2",
  },
  {
    code: 220,
    title: "Service ready",
    meaning: "The server is ready: the greeting when a connection opens, or the go-ahead for the TLS handshake after STARTTLS.",
    reference: "RFC 5321 4.2.2",
  },
  {
    code: 221,
    title: "Closing connection",
    meaning: "The server is closing the connection, normally in answer to QUIT.",
    reference: "RFC 5321 4.2.2",
  },
  {
    code: 235,
    title: "Authentication succeeded",
    meaning: "The AUTH exchange worked: the session is now logged in.",
    reference: "RFC 4954 4",
  },
  {
    code: 250,
    title: "OK",
    meaning: "The command was accepted and carried out.",
    reference: "RFC 5321 4.2.2",
  },
  {
    code: 251,
    title: "User not local; will forward",
    meaning: "The recipient is not on this server, but the server will forward the message.",
    reference: "RFC 5321 4.2.2",
  },
  {
    code: 252,
    title: "Cannot verify, will try",
    meaning: "The server will not confirm whether the address exists, but it accepts mail for it and will try to deliver.",
    reference: "RFC 5321 4.2.2",
  },
  {
    code: 334,
    title: "Authentication challenge",
    meaning: "The AUTH exchange continues: the server sends a base64 challenge and waits for the client's answer.",
    reference: "RFC 4954 4",
  },
  {
    code: 354,
    title: "Start mail input",
    meaning: "Send the message now, and end it with a line holding only a dot.",
    reference: "RFC 5321 4.2.2",
  },
  {
    code: 421,
    title: "Service not available, closing",
    meaning: "The server is closing the connection and takes no more commands for now; trying again later may work.",
    reference: "RFC 5321 4.2.2",
  },
  {
    code: 432,
    title: "Password transition needed",
    meaning: "The account must log in once with PLAIN (over TLS) before this AUTH mechanism can be used.",
    reference: "RFC 4954 6",
  },
  {
    code: 450,
    title: "Mailbox unavailable (temporary)",
    meaning: "The mailbox cannot be used right now, for example it is busy or temporarily blocked by policy; try again later.",
    reference: "RFC 5321 4.2.2",
  },
  {
    code: 451,
    title: "Local error in processing",
    meaning: "The server hit a problem of its own and aborted the action; try again later.",
    reference: "RFC 5321 4.2.2",
  },
  {
    code: 452,
    title: "Insufficient system storage",
    meaning: "The server is short of storage, or takes no more recipients for this message; try again later.",
    reference: "RFC 5321 4.2.2",
  },
  {
    code: 454,
    title: "TLS or authentication temporarily unavailable",
    meaning: "STARTTLS or AUTH cannot be done right now because of a temporary problem on the server.",
    reference: "RFC 3207 4; RFC 4954 6",
  },
  {
    code: 455,
    title: "Cannot accommodate parameters",
    meaning: "The server cannot handle the MAIL FROM or RCPT TO parameters right now.",
    reference: "RFC 5321 4.2.2",
  },
  {
    code: 500,
    title: "Command not recognised",
    meaning: "The server did not recognise the command, or the line was too long.",
    reference: "RFC 5321 4.2.2",
  },
  {
    code: 501,
    title: "Syntax error in arguments",
    meaning: "The command was recognised, but its arguments are wrong.",
    reference: "RFC 5321 4.2.2",
  },
  {
    code: 502,
    title: "Command not implemented",
    meaning: "The server does not support this command.",
    reference: "RFC 5321 4.2.2",
  },
  {
    code: 503,
    title: "Bad sequence of commands",
    meaning: "The command is valid but not allowed at this point in the session.",
    reference: "RFC 5321 4.2.2",
  },
  {
    code: 504,
    title: "Parameter not implemented",
    meaning: "The server does not support a parameter given with the command.",
    reference: "RFC 5321 4.2.2",
  },
  {
    code: 521,
    title: "Host does not accept mail",
    meaning: "This host never accepts mail; it sends 521 instead of a greeting.",
    reference: "RFC 7504",
  },
  {
    code: 530,
    title: "Authentication required",
    meaning: "The server wants authentication, or STARTTLS first, before it accepts this command.",
    reference: "RFC 4954 6; RFC 3207 4",
  },
  {
    code: 534,
    title: "Authentication mechanism too weak",
    meaning: "The server does not allow this AUTH mechanism for this account; a stronger one is needed.",
    reference: "RFC 4954 6",
  },
  {
    code: 535,
    title: "Authentication credentials invalid",
    meaning: "Authentication failed: the server did not accept the user name, password or token.",
    reference: "RFC 4954 6",
  },
  {
    code: 538,
    title: "Encryption required for mechanism",
    meaning: "This AUTH mechanism may only be used on an encrypted connection.",
    reference: "RFC 4954 6",
  },
  {
    code: 550,
    title: "Mailbox unavailable",
    meaning: "The action was refused: the mailbox does not exist or cannot be used, or a policy rejected the command.",
    reference: "RFC 5321 4.2.2",
  },
  {
    code: 551,
    title: "User not local",
    meaning: "The recipient is not on this server and it will not forward; the text may name an address to try.",
    reference: "RFC 5321 4.2.2",
  },
  {
    code: 552,
    title: "Exceeded storage allocation",
    meaning: "The action was aborted: the mailbox is over its quota, or the message is too big.",
    reference: "RFC 5321 4.2.2",
  },
  {
    code: 553,
    title: "Mailbox name not allowed",
    meaning: "The address was refused: its syntax is wrong, or it is not permitted here.",
    reference: "RFC 5321 4.2.2",
  },
  {
    code: 554,
    title: "Transaction failed",
    meaning: "The transaction failed; sent as the greeting, it means there is no SMTP service for this client.",
    reference: "RFC 5321 4.2.2",
  },
  {
    code: 555,
    title: "Parameters not recognised",
    meaning: "A parameter after the MAIL FROM or RCPT TO address is not recognised or not supported.",
    reference: "RFC 5321 4.2.2",
  },
  {
    code: 556,
    title: "Domain does not accept mail",
    meaning: "The recipient's domain accepts no mail at all, for example because it publishes a null MX.",
    reference: "RFC 7504",
  },
] as const satisfies readonly BasicCodeEntry[];

export type BasicCode = (typeof BASIC_CODES)[number];
export type BasicCodeNumber = BasicCode["code"];

const BY_CODE: ReadonlyMap<number, BasicCodeEntry> = new Map(BASIC_CODES.map((e) => [e.code, e]));

/** The catalog entry for a basic code, or null when the code is not listed. */
export function basicCode(code: number): BasicCodeEntry | null {
  return BY_CODE.get(code) ?? null;
}

/** RFC 5321 4.2.1: the first digit says whether the command worked. */
export function replyClass(code: number): ReplyClass {
  if (!Number.isInteger(code)) return "unknown";
  if (code >= 200 && code <= 299) return "success";
  if (code >= 300 && code <= 399) return "intermediate";
  if (code >= 400 && code <= 499) return "transient";
  if (code >= 500 && code <= 599) return "permanent";
  return "unknown";
}

const CLASS_MEANING: Record<ReplyClass, string> = {
  success: "a success: the command was carried out",
  intermediate: "the server accepted the command and waits for more input",
  transient: "a temporary failure: the same command may work later",
  permanent: "a permanent failure: repeating the same command will fail again",
  unknown: "not an SMTP reply code: SMTP codes start with 2, 3, 4 or 5",
};

/** RFC 5321 4.2.1: the second digit names the area the reply is about. */
const AREA: Record<string, string> = {
  "0": "about syntax",
  "1": "with information",
  "2": "about the connection",
  "5": "about the mail system",
};

/** Meaning of a code the catalog does not list, from its first two digits. */
export function genericMeaning(code: number): string {
  const cls = replyClass(code);
  if (cls === "unknown") return `${code} is ${CLASS_MEANING.unknown}.`;
  const area = AREA[String(code).charAt(1)];
  const first = String(code).charAt(0);
  return `An unlisted ${first}xx code${area ? ` ${area}` : ""}: ${CLASS_MEANING[cls]}.`;
}

/** The listed meaning of a code, or the generic one from its digits. */
export function codeMeaning(code: number): string {
  return basicCode(code)?.meaning ?? genericMeaning(code);
}
