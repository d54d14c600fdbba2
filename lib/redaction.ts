import type { Check } from "./schemas/check";
import type { SessionEvent } from "./schemas/events";
import type { PublicRequest } from "./schemas/request";
import { NULL_SENDER } from "./schemas/request-fields";
import type { SessionDocument } from "./schemas/session";

/** What the creator chose to hide from everyone who opens the share link. */
export interface Redaction {
  hideAddresses: boolean;
  hideBody: boolean;
}

export const SENDER_HIDDEN = "[sender hidden]";
export const bodyHidden = (lines: number) => `[message body hidden: ${lines} line${lines === 1 ? "" : "s"}]`;
const recipientHidden = (i: number, of: number) => (of === 1 ? "[recipient hidden]" : `[recipient ${i + 1} hidden]`);

export function redactionOf(request: PublicRequest): Redaction {
  return { hideAddresses: request.share.hideAddresses, hideBody: request.share.hideBody };
}

export const redactsAnything = (r: Redaction) => r.hideAddresses || r.hideBody;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Replaces the request's addresses wherever they occur, in any letter case: servers echo them back
 * upper-cased or inside their own sentences ("<BOB@EXAMPLE.COM>... Recipient ok"). Longest first, so
 * an address that contains another is replaced whole.
 */
function addressReplacer(request: PublicRequest): (text: string) => string {
  const pairs: Array<[string, string]> = [];
  const to = request.to ?? [];
  to.forEach((a, i) => pairs.push([a, recipientHidden(i, to.length)]));
  if (request.from && request.from !== NULL_SENDER) pairs.push([request.from, SENDER_HIDDEN]);
  if (request.auth?.username.includes("@")) pairs.push([request.auth.username, "[user hidden]"]);
  const usable = pairs.filter(([a]) => a.length > 0).sort((a, b) => b[0].length - a[0].length);
  const lookup = new Map(usable.map(([a, p]) => [a.toLowerCase(), p]));
  const pattern = usable.length ? new RegExp(usable.map(([a]) => escapeRegExp(a)).join("|"), "giu") : null;
  const known = (text: string) => (pattern ? text.replace(pattern, (m) => lookup.get(m.toLowerCase()) ?? SENDER_HIDDEN) : text);
  const domains = domainReplacer(request, usable.map(([a]) => a));
  // Then any other address: ones typed in the console (MAIL FROM, RCPT TO, VRFY) are in no request
  // field, and servers name postmasters and forwarding targets of their own.
  return (text) => domains(known(text).replace(ANY_ADDRESS, ADDRESS_HIDDEN));
}

export const DOMAIN_HIDDEN = "[domain hidden]";

/**
 * The addresses' domains, standing alone ("will not pass mail on to example.org", "Relay access denied
 * for example.org"), not inside a longer host name. A domain the target itself shows stays: hiding it
 * would only mangle the target's name.
 */
function domainReplacer(request: PublicRequest, addresses: string[]): (text: string) => string {
  const target = request.target.toLowerCase().replace(/\.$/, "");
  const domains = [...new Set(addresses.map((a) => a.slice(a.lastIndexOf("@") + 1).toLowerCase()))]
    .filter((d) => d.includes(".") && d !== target && !target.endsWith(`.${d}`))
    .sort((a, b) => b.length - a.length);
  if (domains.length === 0) return (text) => text;
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}.-])(?:${domains.map(escapeRegExp).join("|")})(?![\\p{L}\\p{N}-]|\\.[\\p{L}\\p{N}])`, "giu");
  return (text) => text.replace(pattern, DOMAIN_HIDDEN);
}

export const ADDRESS_HIDDEN = "[address hidden]";
/** local@domain as it appears on the wire, inside <…> or bare; no spaces, brackets or quotes in it. */
const ANY_ADDRESS = /[^\s<>()[\]"',;:@]+@[\p{L}\p{N}.-]+/gu;

type Text = (s: string) => string;

function redactCheck(check: Check, text: Text): Check {
  return { ...check, title: text(check.title), detail: text(check.detail) };
}

/** Every string in one event that can carry an address; numbers, flags and types stay. */
function redactEventText(event: SessionEvent, text: Text): SessionEvent {
  switch (event.type) {
    case "send":
      return { ...event, line: text(event.line) };
    case "reply": {
      const e = event.explanation;
      const explanation = { ...e, summary: text(e.summary), hint: e.hint && text(e.hint), action: e.action && text(e.action), decoded: e.decoded && text(e.decoded) };
      return { ...event, lines: event.lines.map(text), text: event.text.map(text), raw: text(event.raw), explanation };
    }
    case "note":
      return { ...event, text: text(event.text) };
    case "check":
      return { ...event, check: redactCheck(event.check, text) };
    case "close":
      return { ...event, detail: text(event.detail) };
    default:
      return event;
  }
}

/** Redacts a stream of events one at a time (see createEventRedactor). */
export interface EventRedactor {
  (event: SessionEvent): SessionEvent[];
  /**
   * Takes an event in without redacting it, for when nobody is watching: what the redactor keeps
   * (body lines held back) stays as if it had been redacted, so a viewer who joins later gets the
   * same events as if every one had been. Spares a busy server a redacted copy of each event.
   */
  pass(event: SessionEvent): void;
}

/**
 * Redacts a stream of events one at a time, for live viewers and stored documents alike. Body lines
 * are held back and replaced by one line when the body ends (the lone "."), which carries the seq of
 * the first hidden line: seqs stay increasing, so a viewer's replay-after-seq still works.
 */
export function createEventRedactor(request: PublicRequest, redaction: Redaction = redactionOf(request)): EventRedactor {
  const text: Text = redaction.hideAddresses ? addressReplacer(request) : (s) => s;
  let held: Extract<SessionEvent, { type: "send" }>[] = [];
  const holds = (event: SessionEvent): event is Extract<SessionEvent, { type: "send" }> =>
    redaction.hideBody && event.type === "send" && event.command === "DATA-LINE";
  const redact = (event: SessionEvent): SessionEvent[] => {
    if (holds(event)) {
      held.push(event);
      return [];
    }
    const out: SessionEvent[] = [];
    if (held.length > 0) {
      const first = held[0]!;
      const last = held[held.length - 1]!;
      out.push({ ...first, t: last.t, line: bodyHidden(held.length) });
      held = [];
    }
    out.push(redactEventText(event, text));
    return out;
  };
  return Object.assign(redact, {
    pass(event: SessionEvent) {
      if (holds(event)) held.push(event);
      else if (held.length > 0) held = [];
    },
  });
}

function redactRequest(request: PublicRequest, redaction: Redaction): PublicRequest {
  const out = { ...request };
  if (redaction.hideAddresses) {
    if (out.from) out.from = SENDER_HIDDEN;
    if (out.to) out.to = out.to.map((_, i, all) => recipientHidden(i, all.length));
    if (out.auth?.username.includes("@")) out.auth = { ...out.auth, username: "[user hidden]" };
  }
  if (redaction.hideBody && out.subject !== undefined) out.subject = "[subject hidden]";
  return out;
}

/** The document as the share link shows it: what the creator chose to hide is replaced, visibly. */
export function redactDocument(doc: SessionDocument, redaction: Redaction = redactionOf(doc.request)): SessionDocument {
  if (!redactsAnything(redaction)) return doc;
  const redact = createEventRedactor(doc.request, redaction);
  const text: Text = redaction.hideAddresses ? addressReplacer(doc.request) : (s) => s;
  return {
    ...doc,
    request: redactRequest(doc.request, redaction),
    events: doc.events.flatMap(redact),
    checks: doc.checks.map((c) => redactCheck(c, text)),
  };
}
