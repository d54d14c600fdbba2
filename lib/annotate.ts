import { findRule, say, type Facts } from "./annotate-rules";
import { basicCode, codeMeaning, replyClass } from "./codes/basic-codes";
import { enhancedCode, parseEnhancedCode } from "./codes/enhanced-codes";
import { decodeChallenge, readChallenge } from "./sasl-challenge";
import type { Verb } from "./schemas/events";
import type { Explanation, Party, ReplyClass } from "./schemas/explanation";
import type { Reply } from "./schemas/reply";
import type { Profile } from "./schemas/request";

/** What explain() needs to know about the moment a reply arrived. */
export interface ReplyContext {
  /** The command this reply answered; "CONNECT" for the greeting; null when unsolicited. */
  command: Verb | null;
  /** The user typed the command by hand in the console, so a 500/501/502 is likely a typo. */
  typed?: boolean;
  /** Domain of the RCPT TO address, when the command was RCPT. */
  recipientDomain?: string | null;
  /** Whether the recipient domain is the server's own; null when unknown. */
  recipientIsLocal?: boolean | null;
  /** AUTH succeeded earlier in the session. */
  authenticated?: boolean;
  /** The connection is inside TLS. */
  tls?: boolean;
  /** The server's EHLO listed STARTTLS; null (or absent) when no EHLO reply said. */
  starttlsOffered?: boolean | null;
  port?: number;
  profile?: Profile;
}

const COMMAND_LABELS: Record<Verb, string> = {
  CONNECT: "the greeting",
  EHLO: "EHLO",
  HELO: "HELO",
  STARTTLS: "STARTTLS",
  AUTH: "AUTH",
  "AUTH-DATA": "the AUTH response",
  MAIL: "MAIL FROM",
  RCPT: "RCPT TO",
  DATA: "DATA",
  "DATA-LINE": "a message line",
  "DATA-END": "the end of the message",
  BDAT: "BDAT",
  RSET: "RSET",
  NOOP: "NOOP",
  QUIT: "QUIT",
  VRFY: "VRFY",
  EXPN: "EXPN",
  HELP: "HELP",
  OTHER: "the command",
};

export function commandLabel(command: Verb | null): string {
  return command === null ? "no command" : COMMAND_LABELS[command];
}

const DEFAULT_ACTIONS: Record<ReplyClass, string | null> = {
  success: null,
  intermediate: "Send the next part the server asks for.",
  transient: "Try again later; if it keeps failing, read the text and ask the server's admin.",
  permanent: "Repeating the same command will fail again: read the text, fix what it points at, then retry.",
  unknown: "This is not a valid SMTP reply: check that the port really runs an SMTP server.",
};

/** Who can act on a failure no rule recognised: by enhanced subject, else by command. */
const SUBJECT_PARTIES: Record<number, Party> = {
  0: "server-admin",
  2: "recipient-admin",
  3: "server-admin",
  4: "server-admin",
  6: "sender",
  7: "recipient-admin",
};

function defaultParty(f: Facts): Party {
  if (f.class === "success" || f.class === "intermediate") return "nobody";
  if (f.class !== "permanent") return "server-admin";
  const cmd = f.ctx.command;
  const subject = f.enhanced?.subject;
  if (subject === 5) return f.ctx.typed ? "tester" : "sender";
  if (subject === 1) return cmd === "MAIL" ? "sender" : "recipient-admin";
  if (subject !== undefined && subject in SUBJECT_PARTIES) return SUBJECT_PARTIES[subject] ?? "server-admin";
  if (cmd === "RCPT") return "recipient-admin";
  if (cmd === "MAIL" || cmd === "DATA" || cmd === "DATA-END" || cmd === "BDAT") return "sender";
  return "server-admin";
}

/** "Destination address valid" reads better mid-sentence as "destination address valid"; "ARC …" stays. */
function lowerFirst(s: string): string {
  return /^[A-Z][a-z]/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s;
}

function defaultSummary(f: Facts, enhancedTitle: string | null): string {
  const code = f.reply.code;
  if (f.class === "unknown") return `The server sent ${code}, which is not a valid SMTP reply code.`;
  const title = enhancedTitle ?? basicCode(code)?.title ?? "an unlisted code";
  const codes = f.enhanced ? `${code} ${f.enhanced.code}` : String(code);
  return `The server answered ${f.label} with ${codes}: ${lowerFirst(title)}.`;
}

function factsFor(reply: Reply, ctx: ReplyContext): Facts {
  const decoded = reply.code === 334 ? decodeChallenge(reply.text.join("")) : null;
  return {
    reply,
    ctx,
    class: replyClass(reply.code),
    enhanced: reply.enhancedCode ? parseEnhancedCode(reply.enhancedCode) : null,
    text: reply.text.join(" "),
    label: commandLabel(ctx.command),
    domain: ctx.recipientDomain || "that domain",
    decoded,
    challenge: decoded === null ? null : readChallenge(decoded),
  };
}

/**
 * Explanations already handed out, by content. A server under load explains the same reply thousands
 * of times ("250 OK" to every RCPT of every session), and each reply event keeps its explanation for
 * the session's life: one shared, frozen object per distinct explanation instead of one per reply.
 * Bounded, so hostile servers varying their text cannot grow it without end.
 */
const interned = new Map<string, Explanation[]>();
const INTERNED_MAX = 2000;
/** Explanations kept per summary: a server varying one field (a 334 challenge's text) must not make every lookup a long scan. */
const ALIKE_MAX = 32;
let internedCount = 0;

/** Same content, field by field: the strings are compared, so two explanations built apart match. */
function sameExplanation(a: Explanation, b: Explanation): boolean {
  return (
    a.summary === b.summary &&
    a.class === b.class &&
    a.codeMeaning === b.codeMeaning &&
    a.hint === b.hint &&
    a.action === b.action &&
    a.party === b.party &&
    a.decoded === b.decoded &&
    a.reference === b.reference &&
    (a.enhanced === b.enhanced ||
      (a.enhanced !== null && b.enhanced !== null && a.enhanced.code === b.enhanced.code && a.enhanced.title === b.enhanced.title && a.enhanced.detail === b.enhanced.detail))
  );
}

function intern(e: Explanation): Explanation {
  // By summary first: a few explanations at most share one, told apart field by field. No key string
  // built per reply (joining the ~600 characters of the fields cost more than the rest of intern).
  let alike = interned.get(e.summary);
  if (alike) for (const known of alike) if (sameExplanation(known, e)) return known;
  if (internedCount >= INTERNED_MAX) {
    interned.clear();
    internedCount = 0;
    alike = undefined;
  }
  if (e.enhanced) Object.freeze(e.enhanced);
  Object.freeze(e);
  if (alike && alike.length >= ALIKE_MAX) return e;
  if (alike) alike.push(e);
  else interned.set(e.summary, [e]);
  internedCount++;
  return e;
}

/** Explain one reply in the context of the command it answered. Never throws. The result is frozen and may be shared. */
export function explain(reply: Reply, ctx: ReplyContext): Explanation {
  return intern(explainFresh(reply, ctx));
}

/** A new explanation every call, not shared and not frozen: what explain() hands out one shared copy of. */
export function explainFresh(reply: Reply, ctx: ReplyContext): Explanation {
  const f = factsFor(reply, ctx);
  const meaning = reply.enhancedCode ? enhancedCode(reply.enhancedCode) : null;
  const basic = basicCode(reply.code);
  const rule = findRule(f);
  const fallbackReference = f.class === "unknown" ? null : "RFC 5321 4.2.1";

  return {
    summary: rule ? say(rule.summary, f) : defaultSummary(f, meaning?.registered ? meaning.title : null),
    class: f.class,
    codeMeaning: codeMeaning(reply.code),
    enhanced: meaning ? { code: meaning.code, title: meaning.title, detail: meaning.detail } : null,
    hint: rule ? say(rule.hint, f) : null,
    action: rule ? say(rule.action, f) : DEFAULT_ACTIONS[f.class],
    party: rule ? (typeof rule.party === "function" ? rule.party(f) : rule.party) : defaultParty(f),
    decoded: f.decoded,
    reference: rule?.reference ?? basic?.reference ?? fallbackReference,
  };
}
