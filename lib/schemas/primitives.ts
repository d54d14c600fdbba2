import { z } from "zod";
import "./zod-words";

/** RFC 5321 4.5.3.1.4: a command line is at most 512 octets including CRLF. */
export const MAX_COMMAND_LINE = 510;
/** RFC 5321 4.5.3.1.6: a text line is at most 1000 octets including CRLF. */
export const MAX_TEXT_LINE = 998;

const FORBIDDEN = /[\r\n\0]/;

/** A single line of text that may go on the wire: no CR, LF or NUL anywhere. */
export const wireSafe = (what: string) =>
  z.string({ error: `enter ${what}` }).refine((s) => !FORBIDDEN.test(s), {
    message: `${what} must be a single line: remove carriage returns, line feeds and NUL characters`,
  });

const LDH_LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;
const UTF8_LABEL = /^(?!-)[\p{L}\p{N}\p{M}-]{1,63}(?<!-)$/u;

/** A DNS host name: LDH labels, or internationalised labels (U-labels), optional trailing dot. */
export function isHostname(value: string): boolean {
  const name = value.endsWith(".") ? value.slice(0, -1) : value;
  if (name.length === 0 || name.length > 253) return false;
  return name.split(".").every((label) => LDH_LABEL.test(label) || UTF8_LABEL.test(label));
}

/**
 * An ASCII host name of LDH labels (RFC 1123 2.1) whose last label is not all digits (RFC 3696 2), so
 * a mistyped address like 999.999.999.999 is not taken for a name: what EHLO and HOST take.
 */
export function isAsciiHostname(value: string): boolean {
  const labels = value.split(".");
  return value.length <= 253 && labels.every((label) => LDH_LABEL.test(label)) && !/^\d+$/.test(labels[labels.length - 1]!);
}

/** What EHLO may announce (RFC 5321 4.1.1.1, 4.1.3): an ASCII host name, or [192.0.2.1], or [IPv6:2001:db8::1]. */
export function isHeloName(value: string): boolean {
  const literal = /^\[(IPv6:)?([^\]]+)\]$/i.exec(value);
  // A zone id (%eth0) means something only on this host, never to the server that reads EHLO.
  if (literal) return literal[1] ? isIpv6(literal[2]!) && !literal[2]!.includes("%") : isIpv4(literal[2]!);
  return isAsciiHostname(value);
}

export const HELO_NAME_PROBLEM = "announce a host name like mail.example.com, or an address literal like [192.0.2.1] or [IPv6:2001:db8::1]";

/**
 * A field that reports only its first problem. Not `abort: true` on each check: an aborted field
 * also stops the object-level rules, so a form would show its errors one batch at a time.
 */
function firstProblem(what: string, problems: Array<[(s: string) => boolean, string]>) {
  return z.string({ error: what }).trim().superRefine((s, ctx) => {
    const failed = problems.find(([ok]) => !ok(s));
    if (failed) ctx.addIssue({ code: "custom", message: failed[1], input: s });
  });
}

export const Hostname = firstProblem("enter a host name", [
  [(s) => s.length > 0, "enter a host name"],
  [(s) => s.length <= 253, "a host name is at most 253 characters"],
  [isHostname, "not a valid host name: use letters, digits, hyphens and dots, like mail.example.com"],
]);

export const HeloName = firstProblem("enter the name to announce in EHLO", [
  [(s) => s.length > 0, "enter the name to announce in EHLO"],
  [isHeloName, HELO_NAME_PROBLEM],
]);

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isIpv4(value: string): boolean {
  return IPV4.test(value);
}

export function isIpv6(value: string): boolean {
  const v = value.startsWith("[") && value.endsWith("]") ? value.slice(1, -1) : value;
  // A zone id as node:net takes one (%eth0, %en0.1): letters, digits, dots and hyphens.
  if (!v.includes(":") || !/^[0-9A-Fa-f:.]+(%[0-9A-Za-z.-]+)?$/.test(v)) return false;
  try {
    // The WHATWG URL parser implements the full RFC 4291 text grammar and is isomorphic.
    new URL(`http://[${v.replace(/%.*$/, "")}]/`);
    return true;
  } catch {
    return false;
  }
}

/** The thing to test: a mail domain, a host name, or an IPv4/IPv6 literal. */
const ENTER_TARGET = "enter a target: a mail domain (example.com), a host (mail.example.com) or an IP address";

/** The thing to test: a mail domain, a host name, or an IPv4/IPv6 literal. */
export const Target = firstProblem(ENTER_TARGET, [
  [(s) => s.length > 0, ENTER_TARGET],
  [(s) => s.length <= 253, "the target is at most 253 characters"],
  [(s) => !FORBIDDEN.test(s) && !/\s/.test(s), "the target must not contain spaces or line breaks"],
  [(s) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(s), "enter the host alone, not a URL: mail.example.com rather than smtp://mail.example.com"],
  [(s) => !/^(\[[0-9a-fA-F:.]+\]|[^:@]+):\d{1,5}$/.test(s), "put the port in the port field, not in the target: target mail.example.com, port 587"],
  [(s) => !/^[^@]+@[^@]+$/.test(s), "that is an email address: to test where its mail goes, enter the domain after the @"],
  [
    // The last form lets legacy IPv4 notation (2130706433, 0x7f.1) through, for the target policy to
    // read and judge; it must hold a digit, or "..." would pass.
    (s) => isIpv4(s) || isIpv6(s) || isHostname(s) || /^(?=.*\d)[0-9a-fA-Fx.]+$/.test(s),
    "not a domain, host name or IP address: enter something like example.com, mail.example.com, 192.0.2.10 or 2001:db8::25",
  ],
]);

const PORT_RANGE = "the port must be between 1 and 65535";

/**
 * A port as a number (JSON, the CLI) or as the text of a field (the forms, a link): decimal digits
 * only. JavaScript's Number() would read "0x24B", "5.87e2" or [587] as 587 and connect to a port
 * nobody wrote as such.
 */
export const Port = z
  .union([z.number(), z.string()], { error: "the port must be a number" })
  .transform((v, ctx) => {
    if (typeof v === "number") return v;
    const text = v.trim();
    if (text === "" || /^\d+(\.\d+)?$/.test(text)) return Number(text);
    const numeric = Number.isFinite(Number(text));
    ctx.addIssue({ code: "custom", message: numeric ? "the port must be plain decimal digits, such as 587 (not 0x24B or 5.87e2)" : "the port must be a number" });
    return z.NEVER;
  })
  .pipe(z.number().int("the port must be a whole number").min(1, PORT_RANGE).max(65535, PORT_RANGE));

/** Dot-atom local part characters (RFC 5322 atext) plus any non-ASCII (RFC 6531 SMTPUTF8). */
const ATEXT = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~\u0080-\u{10FFFF}-]+$/u;

function isLocalPart(local: string): boolean {
  if (local.length === 0) return false;
  if (new TextEncoder().encode(local).length > 64) return false;
  if (local.startsWith('"') && local.endsWith('"') && local.length >= 2) {
    // quoted-string (RFC 5321 4.1.2): printable ASCII or UTF-8, backslash escapes allowed.
    return /^"(?:[\x20\x21\x23-\x5b\x5d-\x7e\u0080-\u{10FFFF}]|\\[\x20-\x7e])*"$/u.test(local);
  }
  return local.split(".").every((atom) => ATEXT.test(atom));
}

function isMailDomain(domain: string): boolean {
  if (domain.startsWith("[") && domain.endsWith("]")) {
    const literal = domain.slice(1, -1);
    if (/[[\]]/.test(literal)) return false;
    if (literal.toLowerCase().startsWith("ipv6:")) return isIpv6(literal.slice(5));
    return isIpv4(literal);
  }
  return isHostname(domain) && !domain.endsWith(".");
}

/** True when the address needs SMTPUTF8 (RFC 6531): any octet beyond ASCII. */
export function needsSmtpUtf8(address: string): boolean {
  return /[^\x00-\x7f]/.test(address);
}

export function isMailbox(value: string): boolean {
  const at = value.lastIndexOf("@");
  if (at <= 0 || at === value.length - 1) return false;
  if (new TextEncoder().encode(value).length > 254) return false;
  return isLocalPart(value.slice(0, at)) && isMailDomain(value.slice(at + 1));
}

/** A mailbox for MAIL FROM / RCPT TO (RFC 5321 4.1.2), SMTPUTF8 addresses included. */
export const Mailbox = z
  .string({ error: "enter an email address" })
  .trim()
  .min(1, "enter an email address")
  .refine((s) => !FORBIDDEN.test(s), "an email address must not contain line breaks or NUL characters")
  .transform((s) => (s.startsWith("<") && s.endsWith(">") ? s.slice(1, -1) : s))
  .refine(isMailbox, "not a valid email address: write it as name@example.com, without spaces or angle brackets");
