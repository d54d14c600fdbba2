import type { Check } from "../schemas/check";
import type { EventOf } from "../schemas/events";
import { END_USER_ADDRESS, GREYLISTED, USER_UNKNOWN, namesAnotherReason } from "../refusal-reasons";
import { capitalise } from "../sentence";
import { readTarget } from "../target-reading";
import { type SessionFacts, hasNote, replyLine, seconds } from "./facts";

const ok = (r: EventOf<"reply">) => r.code >= 200 && r.code < 300;

export function helloCheck(f: SessionFacts): Check[] {
  const ehlo = f.replies.find((r) => r.command === "EHLO");
  if (!ehlo) return [];
  if (ok(ehlo)) {
    // A reply that came after a cancel was never decoded: its lines after the first are the extensions.
    const n = f.capabilities.find((c) => c.via === "EHLO")?.capabilities.length ?? ehlo.text.length - 1;
    const listed = `the server lists ${n} extension${n === 1 ? "" : "s"}`;
    if (ehlo.flags.includes("too-many-lines")) {
      return [{ id: "ehlo", status: "warn", title: "EHLO", detail: `EHLO accepted, but its reply ran on past ${ehlo.lines.length} lines and was cut there: ${listed} before the cut, and a real client would give up on it too.` }];
    }
    if (ehlo.flags.includes("inconsistent-codes")) {
      return [{ id: "ehlo", status: "warn", title: "EHLO", detail: `EHLO accepted, but its reply's lines carry different codes, which RFC 5321 4.2.1 does not allow: clients may reject it. ${capitalise(listed)}, some of them perhaps not extensions at all.` }];
    }
    return [{ id: "ehlo", status: "pass", title: "EHLO", detail: `EHLO accepted; ${listed}.` }];
  }
  const helo = f.replies.find((r) => r.command === "HELO");
  if (helo && ok(helo)) {
    return [{ id: "ehlo", status: "warn", title: "EHLO", detail: `EHLO was refused (${replyLine(ehlo)}) but HELO worked: an old or restricted server without ESMTP extensions (no STARTTLS, no AUTH, no size limit).` }];
  }
  return [{ id: "ehlo", status: "fail", title: "EHLO", detail: `The server refused EHLO: ${replyLine(ehlo)}. ${ehlo.explanation.summary}` }];
}

export function authCheck(f: SessionFacts): Check[] {
  const unavailable = hasNote(f, "auth-unavailable");
  if (unavailable) return [{ id: "auth", status: "fail", title: "Authentication", detail: unavailable.text }];
  const authIndex = f.input.events.findIndex((e) => e.type === "send" && e.command === "AUTH");
  if (authIndex < 0) return [];
  const final = f.replies.find((r) => r.seq > authIndex && r.code !== 334 && (r.command === "AUTH" || r.command === "AUTH-DATA"));
  const user = f.input.request.auth?.username;
  if (!final) return [{ id: "auth", status: "fail", title: "Authentication", detail: "The AUTH exchange did not finish." }];
  if (final.code === 235) {
    return [{ id: "auth", status: "pass", title: "Authentication", detail: `Authenticated${user ? ` as ${user}` : ""}.` }];
  }
  return [{ id: "auth", status: "fail", title: "Authentication", detail: `Authentication failed: ${replyLine(final)}. ${final.explanation.summary}` }];
}

export function relayCheck(f: SessionFacts): Check[] {
  const request = f.input.request;
  if (request.profile !== "relay") return [];
  const mail = f.replies.find((r) => r.command === "MAIL");
  const rcpts = f.replies.filter((r) => r.command === "RCPT");
  const title = "Open relay";
  if (mail && !ok(mail)) return [{ id: "open-relay", status: "warn", title, detail: `Inconclusive: the server refused the outside sender at MAIL FROM (${replyLine(mail)}), before any recipient was tried.` }];
  if (rcpts.length === 0) return [];
  const accepted = rcpts.find(ok);
  const authenticated = f.replies.some((r) => r.code === 235);
  if (accepted) {
    if (authenticated) return [{ id: "open-relay", status: "info", title, detail: "The server relays for this authenticated user, as it should for its own users." }];
    // HeloDesk's own probe addresses are in reserved domains no server handles; an address the user
    // gave may be one of the tested server's own, and accepting that is delivery, not relaying.
    const address = recipientOf(f, accepted);
    const domain = address?.split("@").pop()?.toLowerCase() ?? null;
    const tested = request.target.toLowerCase().replace(/\.$/, "");
    if (request.to && domain !== null) {
      if (domain === tested || tested.endsWith(`.${domain}`)) {
        return [{ id: "open-relay", status: "warn", title, detail: `Inconclusive: the server accepted ${address}, in the domain tested (${replyLine(accepted)}): that is delivery, not relaying. Test with a recipient in a domain this server does not handle.` }];
      }
      if (readTarget(request.target).kind === "ip") {
        return [{ id: "open-relay", status: "warn", title, detail: `Inconclusive: the server accepted ${address} (${replyLine(accepted)}), and with an address as the target HeloDesk cannot tell whether ${domain} is one of its domains. If it is not, this server is an open relay.` }];
      }
    }
    return [{ id: "open-relay", status: "fail", title, detail: `Open relay: the server accepted a recipient outside its domains from an outside sender without authentication (${replyLine(accepted)}). Spammers will abuse it; restrict relaying to authenticated users and your own networks.` }];
  }
  // A refusal in the server's words about relaying is the answer, even a 4xx (Postfix's default
  // defer_unauth_destination answers 454 4.7.1 "Relay access denied").
  const relayRefusal = rcpts.find(mentionsRelay);
  if (relayRefusal) return [{ id: "open-relay", status: "pass", title, detail: `Relaying refused, as it should be: ${replyLine(relayRefusal)}.` }];
  const temporary = rcpts.find((r) => r.code >= 400 && r.code < 500);
  const unknown = rcpts.find(refusesUnknownUser);
  if (unknown && !temporary) {
    return [{ id: "open-relay", status: "warn", title, detail: `Inconclusive: the recipient was refused as unknown (${replyLine(unknown)}), not as a relay attempt. Test with an address in a domain the server does not handle.` }];
  }
  if (temporary) return [{ id: "open-relay", status: "warn", title, detail: `Inconclusive: the recipient got a temporary refusal (${replyLine(temporary)}), such as greylisting; run again later.` }];
  const protocol = rcpts.find((r) => (r.code >= 500 && r.code <= 504) || r.enhancedCode?.startsWith("5.5."));
  if (protocol) {
    return [{ id: "open-relay", status: "warn", title, detail: `Inconclusive: the server refused RCPT TO as a protocol error (${replyLine(protocol)}), not as a relay decision. ${protocol.explanation.summary}` }];
  }
  const other = rcpts.find(refusesSomethingElse);
  if (other) {
    return [{ id: "open-relay", status: "warn", title, detail: `Inconclusive: the server refused the sender or this client (${replyLine(other)}), not the relay, so the test did not learn whether it relays. ${other.explanation.summary}` }];
  }
  return [{ id: "open-relay", status: "pass", title, detail: `Relaying refused, as it should be: ${replyLine(rcpts[0]!)}.` }];
}

/** The address a RCPT reply answered, from the command sent just before it. */
function recipientOf(f: SessionFacts, reply: EventOf<"reply">): string | null {
  const sent = f.input.events.findLast((e): e is EventOf<"send"> => e.type === "send" && e.command === "RCPT" && e.seq < reply.seq);
  return sent ? (/<([^>]*)>/.exec(sent.line)?.[1] ?? null) : null;
}

/** A refusal that names the sender, this client, its HELO name, a rate or a block list: not a relay decision. */
function refusesSomethingElse(r: EventOf<"reply">): boolean {
  return namesAnotherReason(serverWords(r));
}

/**
 * A recipient refused as unknown, by its enhanced code or, from a server without them, by its words;
 * not the sender (Postfix checks an unlisted sender at RCPT TO: "Sender address rejected: User unknown").
 */
function refusesUnknownUser(r: EventOf<"reply">): boolean {
  const words = serverWords(r);
  return r.code >= 500 && !/\bsender\b/i.test(words) && (r.enhancedCode?.startsWith("5.1.") === true || USER_UNKNOWN.test(words));
}

/**
 * A reply's text without the addresses in it: servers echo the sender and the recipient, and
 * HeloDesk's probe address (helodesk-relay-test@…) has "relay" in it.
 */
function serverWords(r: EventOf<"reply">): string {
  return r.text.join(" ").replace(/<[^>]*>|[^\s<>]+@[^\s<>]+/g, " ");
}

/**
 * Whether the server's own words speak of relaying. Any mention will do, wider than the annotation's
 * refusal phrases ("Relaying temporarily denied" is one too), except the name of Postfix's table in
 * "User unknown in relay recipient table", which comes from a server that relays for that domain,
 * and a refusal of an end user's address that suggests a relay.
 */
function mentionsRelay(r: EventOf<"reply">): boolean {
  const words = serverWords(r);
  // Gmail refuses an end user's address and points to "the SMTP relay at your service provider".
  return /relay/i.test(words.replace(/relay recipient table/gi, "")) && !END_USER_ADDRESS.test(words);
}

export function messageCheck(f: SessionFacts): Check[] {
  if (f.input.request.profile !== "send") return [];
  const title = "Message accepted";
  if (f.message) {
    const accepted: Check = { id: "message-accepted", status: "pass", title, detail: `The server accepted the test message (${f.message.size} bytes)${f.message.queueId ? ` with queue id ${f.message.queueId}` : ""}. Accepted means queued, not yet in the inbox.` };
    // Sent to those the server took: a recipient it refused gets nothing, and the pass must not hide it.
    const refused = f.replies.filter((r) => r.command === "RCPT" && !ok(r));
    if (refused.length === 0) return [accepted];
    const rcpts = f.replies.filter((r) => r.command === "RCPT").length;
    const first = refused[0]!;
    return [
      accepted,
      {
        id: "recipients",
        status: "warn",
        title: "Recipients",
        detail: `${refused.length} of ${rcpts} recipients refused, so the message does not go to ${refused.length === 1 ? "it" : "them"}: ${recipientOf(f, first) ?? "a recipient"} got ${replyLine(first)}. ${first.explanation.summary}`,
      },
    ];
  }
  const failed = [...f.replies].reverse().find((r) => r.code >= 400 && ["MAIL", "RCPT", "DATA", "DATA-END", "BDAT"].includes(r.command ?? ""));
  const disabled = hasNote(f, "send-disabled");
  if (disabled && !failed) return [{ id: "message-accepted", status: "info", title, detail: disabled.text }];
  // Greylisting is the server working as set up: a real sender retries and gets through.
  if (failed && failed.code < 500 && failed.explanation.summary === GREYLISTED) {
    const detail = `Deferred, most likely by greylisting: ${failed.command} got ${replyLine(failed)}. Nothing is wrong with the server; a real mail server retries and gets through. To see the message accepted, run this test again in 5–15 minutes with the same sender and recipient.`;
    return [{ id: "message-accepted", status: "warn", title, detail }];
  }
  const unasked = hasNote(f, "smtputf8-missing") ?? hasNote(f, "data-not-354");
  const detail = unasked?.text ?? (failed ? `Not accepted: ${failed.command} got ${replyLine(failed)}. ${failed.explanation.summary}` : unanswered(f) ?? "The session ended before the message was sent.");
  return [{ id: "message-accepted", status: "fail", title, detail }];
}

/**
 * The whole message went, its end too (the "." or BDAT … LAST), and no reply came: whether the server
 * queued it is unknown, which is what matters before anyone sends it again (RFC 5321 4.1.1.4, 6.1).
 */
function unanswered(f: SessionFacts): string | null {
  const events = f.input.events;
  const end = events.findLastIndex((e) => e.type === "send" && (e.command === "DATA-END" || (e.command === "BDAT" && /\sLAST\s*$/i.test(e.line))));
  if (end < 0 || events.slice(end).some((e) => e.type === "reply" && !e.unsolicited)) return null;
  const error = events.slice(end).find((e): e is EventOf<"note"> => e.type === "note" && e.level === "error");
  const why = error ? ` (${error.text.replace(/\.$/, "")})` : "";
  return `The whole message and its final "." were sent, but no reply to them came${why}. The server may have queued it or not: look for it in the server's log before sending again, or the recipients may get it twice.`;
}

/** Notifications were asked for and the server offers no DSN: the report card says so, not only a note. */
export function dsnCheck(f: SessionFacts): Check[] {
  const missing = hasNote(f, "dsn-missing");
  return missing ? [{ id: "dsn", status: "warn", title: "Delivery notifications", detail: missing.text }] : [];
}

export function timingChecks(f: SessionFacts): Check[] {
  const checks: Check[] = [];
  const slow = f.notes.filter((n) => n.code === "slow-reply");
  if (slow.length > 0) {
    checks.push({ id: "slow-replies", status: "warn", title: "Reply times", detail: `${slow.length} slow repl${slow.length === 1 ? "y" : "ies"}: ${slow[0]!.text}` });
  }
  const last = f.input.events[f.input.events.length - 1];
  if (f.connect && last) {
    checks.push({ id: "transaction-time", status: "info", title: "Total time", detail: `The session took ${seconds(last.t)} from start to end.` });
  }
  return checks;
}

/** How the session ended, when it did not end with our QUIT. */
export function endCheck(f: SessionFacts): Check[] {
  const reason = f.input.closeReason;
  if (reason === "quit" || !f.connect) return [];
  const error = [...f.notes].reverse().find((n) => n.level === "error");
  const said421 = f.replies.some((r) => r.code === 421);
  switch (reason) {
    case "cancelled":
      return [{ id: "session-end", status: "info", title: "Session end", detail: "Cancelled before the test finished." }];
    case "peer-closed":
      return [{ id: "session-end", status: "fail", title: "Session end", detail: said421 ? "The server closed the session with 421 (service not available)." : (error?.text ?? "The server closed the connection.") }];
    default:
      return [{ id: "session-end", status: "fail", title: "Session end", detail: error?.text ?? `The session ended: ${reason}.` }];
  }
}
