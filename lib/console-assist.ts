import { mailerDaemonOf } from "./mailer-daemon";
import type { ReplyEvent, SessionEvent } from "./schemas/events";
import { isHostname, Mailbox, MAX_COMMAND_LINE, MAX_TEXT_LINE, Port, Target } from "./schemas/primitives";
import { TLS_MODES, type TlsMode } from "./schemas/request";
import { sentence } from "./sentence";

/**
 * Help for typing SMTP by hand: what to type next on the KB 153119 walk (EHLO, STARTTLS, MAIL FROM,
 * RCPT TO, DATA, the message, ".", QUIT), and what is wrong with a line before it goes on the wire.
 * Pure: everything is derived from the session's events and the typed text.
 */

/** command: one SMTP command per line; data: message lines after 354; auth: answers to a 334 challenge. */
export type ConsoleMode = "command" | "data" | "auth";
export interface LineCheck {
  /** The line cannot be sent as it is. */
  error?: string;
  /** The line can be sent, but a server will probably refuse it. */
  warning?: string;
}

export const KNOWN_VERBS_TEXT = "HELO/EHLO, MAIL FROM:, RCPT TO:, DATA, RSET, NOOP, QUIT, VRFY, STARTTLS, AUTH";
const KNOWN_VERBS = new Set(["HELO", "EHLO", "MAIL", "RCPT", "DATA", "RSET", "NOOP", "QUIT", "VRFY", "EXPN", "HELP", "STARTTLS", "AUTH"]);
const NO_ARGUMENT = new Set(["DATA", "RSET", "QUIT", "STARTTLS"]);

export function checkLine(line: string, mode: ConsoleMode = "command"): LineCheck {
  if (/[\r\n]/.test(line)) return { error: "Type one line at a time: remove the line break (Enter sends the line)." };
  if (line.includes("\0")) return { error: "Remove the NUL character: it cannot be sent." };
  // RFC 5321 4.5.3.1.6: 1000 octets with CRLF; the server refuses longer lines outright.
  if (line.length > MAX_TEXT_LINE) return { error: `A line is at most ${MAX_TEXT_LINE} characters (RFC 5321 4.5.3.1.6); this one has ${line.length}.` };
  if (mode !== "command") return {};
  if (line.trim() === "") return { error: "Type a command first, for example EHLO, MAIL FROM:<…> or QUIT." };
  const verb = line.trim().split(/[\s:]/, 1)[0]!.toUpperCase();
  if (verb === "BDAT") return { error: "BDAT cannot be typed by hand: use DATA, then the message lines, then a line with only a dot." };
  // RFC 5321 4.5.3.1.4: 512 octets with CRLF. During AUTH the engine allows longer answers, so this only warns.
  if (line.length > MAX_COMMAND_LINE) return { warning: `A command line is at most ${MAX_COMMAND_LINE} characters (RFC 5321 4.5.3.1.4); this one has ${line.length}.` };
  if (/^\s/.test(line)) return { warning: "Remove the space at the start: servers read the command from the first character." };
  const warning = commandWarning(line.trim(), verb);
  return warning ? { warning } : {};
}

function commandWarning(line: string, verb: string): string | undefined {
  if (!KNOWN_VERBS.has(verb)) return `Unknown command “${verb.slice(0, 20)}”: servers know ${KNOWN_VERBS_TEXT}.`;
  const rest = line.slice(verb.length).trim();
  if (verb === "MAIL") return pathWarning(line, "MAIL", "FROM", "you@example.com", true);
  if (verb === "RCPT") return pathWarning(line, "RCPT", "TO", "someone@example.com", false);
  if ((verb === "EHLO" || verb === "HELO") && !rest) return `${verb} needs a name: ${verb} mail.example.com (your host name, or an address literal like [192.0.2.1]).`;
  if (verb === "AUTH" && !rest) return "AUTH needs a mechanism: AUTH LOGIN or AUTH PLAIN.";
  if (NO_ARGUMENT.has(verb) && rest) return `${verb} takes nothing after it: type ${verb} alone.`;
  return undefined;
}

/** RFC 5321 4.1.2: "MAIL FROM:<reverse-path>" and "RCPT TO:<forward-path>", no space after the colon. */
function pathWarning(line: string, verb: "MAIL" | "RCPT", word: "FROM" | "TO", example: string, nullAllowed: boolean): string | undefined {
  const command = `${verb} ${word}`;
  const parts = new RegExp(`^${verb}\\s+${word}\\b\\s*(:?)(\\s*)(.*)$`, "i").exec(line);
  if (!parts) return `${verb} needs ${word}: ${command}:<${example}>.`;
  const [, colon, space, path = ""] = parts;
  const typed = path.replace(/^<|>.*$/g, "").trim();
  const shown = typed || example;
  if (!colon) return `${command} needs a colon: ${command}:<${shown}>.`;
  if (!path) return nullAllowed ? `${command} needs an address: ${command}:<${example}> (or <> for a bounce).` : `${command} needs an address: ${command}:<${example}>.`;
  if (!path.startsWith("<") || !path.includes(">")) return `Put the address in angle brackets: ${command}:<${shown}>.`;
  if (!typed && !nullAllowed) return `${command} needs an address between the brackets: ${command}:<${example}>.`;
  if (space) return `RFC 5321 allows no space after the colon and strict servers refuse it: ${command}:<${shown}>.`;
  return undefined;
}

/** Where the walk stands, from the events alone. Stages: todo, ok, retry (4xx), refused (5xx). */
export type Stage = "todo" | "ok" | "retry" | "refused";
export interface WalkState {
  greeted: boolean;
  closed: boolean;
  quitSent: boolean;
  tls: boolean;
  hello: Stage;
  /** The latest EHLO answer outside TLS listed STARTTLS. */
  starttlsOffered: boolean;
  starttlsRefused: boolean;
  mail: Stage;
  rcpt: Stage;
  /** body: after 354, until the lone dot; ok: the message was accepted. */
  data: Stage | "body";
  bodyLines: number;
}

const stageOf = (code: number): Stage => (code < 400 ? "ok" : code < 500 ? "retry" : "refused");

export function walkState(events: readonly SessionEvent[]): WalkState {
  const s: WalkState = { greeted: false, closed: false, quitSent: false, tls: false, hello: "todo", starttlsOffered: false, starttlsRefused: false, mail: "todo", rcpt: "todo", data: "todo", bodyLines: 0 };
  const newTransaction = () => {
    s.mail = s.rcpt = s.data = "todo";
  };
  for (const e of events) {
    if (e.type === "connect") s.tls = e.implicitTls;
    else if (e.type === "close") s.closed = true;
    else if (e.type === "tls") {
      // RFC 3207 4.2: after the handshake the client forgets what it knew and starts again with EHLO.
      s.tls = true;
      s.hello = "todo";
      newTransaction();
    }
    else if (e.type === "capabilities" && !e.tls) s.starttlsOffered = e.capabilities.some((c) => c.keyword === "STARTTLS");
    else if (e.type === "send" && e.command === "QUIT") s.quitSent = true;
    else if (e.type === "send" && e.command === "DATA-LINE") s.bodyLines += 1;
    // RFC 5321 3.8: a 421, asked for or not, means the server is closing the connection.
    else if (e.type === "reply" && e.code === 421) s.closed = true;
    else if (e.type === "reply" && !e.unsolicited) applyReply(s, e, newTransaction);
  }
  return s;
}

function applyReply(s: WalkState, e: ReplyEvent, newTransaction: () => void) {
  switch (e.command) {
    case "CONNECT":
      s.greeted = e.code === 220;
      if (!s.greeted) s.closed = true;
      break;
    case "EHLO":
    case "HELO":
      s.hello = stageOf(e.code);
      newTransaction();
      break;
    case "STARTTLS":
      s.starttlsRefused = e.code !== 220;
      break;
    case "MAIL":
      newTransaction();
      s.mail = stageOf(e.code);
      break;
    case "RCPT":
      if (s.rcpt !== "ok") s.rcpt = stageOf(e.code);
      break;
    case "DATA":
      s.data = e.code === 354 ? "body" : stageOf(e.code);
      s.bodyLines = 0;
      break;
    case "DATA-END":
      s.data = stageOf(e.code);
      break;
    case "RSET":
      if (e.code < 400) newTransaction();
      break;
    default:
      break;
  }
}

export interface WalkContext {
  /** The name for EHLO; by default the name (PTR) or address literal of the address HeloDesk connects from. */
  heloName?: string;
  from?: string;
  to?: string;
  /** Leave STARTTLS out (TLS mode "none"). */
  skipStarttls?: boolean;
}

export const TEST_SUBJECT = "HeloDesk test message";

/** The next command of the KB 153119 walk, or null when there is nothing to type (not greeted yet, or closed). */
export function suggestNext(events: readonly SessionEvent[], context: WalkContext = {}): string | null {
  const s = walkState(events);
  if (!s.greeted || s.closed || s.quitSent) return null;
  const name = context.heloName ?? heloNameOf(events);
  if (s.data === "body") return s.bodyLines === 0 ? `Subject: ${TEST_SUBJECT}` : ".";
  if (s.hello !== "ok") return `${s.hello === "refused" ? "HELO" : "EHLO"} ${name}`;
  if (s.starttlsOffered && !s.tls && !s.starttlsRefused && !context.skipStarttls) return "STARTTLS";
  // After a 5xx the walk has its answer; after a 4xx the same command is worth another try.
  if (transactionRefused(s) || s.data === "ok") return "QUIT";
  if (s.mail !== "ok") return mailFrom(context.from);
  if (s.rcpt !== "ok") return rcptTo(context.to ?? postmasterOf(events));
  return "DATA";
}

/** A sender, recipient or DATA refused for good (5xx): there is no message to send, only QUIT is left. */
export const transactionRefused = (s: WalkState) => s.mail === "refused" || s.rcpt === "refused" || s.data === "refused";
/** A sender, recipient or DATA refused for now (4xx): the same command may work later. */
export const transactionDeferred = (s: WalkState) => s.mail === "retry" || s.rcpt === "retry" || s.data === "retry";

export const mailFrom = (from = "") => `MAIL FROM:<${from}>`;
export const rcptTo = (to: string) => `RCPT TO:<${to}>`;

/** RFC 5321 4.1.4: the EHLO argument is our FQDN, or an address literal when there is none. */
export function heloNameOf(events: readonly SessionEvent[]): string {
  const connect = events.find((e) => e.type === "connect");
  // The name chosen for this deployment or test, as the one-click profiles send it.
  if (connect?.type === "connect" && connect.heloName) return connect.heloName;
  const ptr = events.find((e) => e.type === "dns" && e.purpose === "local-ptr");
  const name = ptr?.type === "dns" ? ptr.records[0]?.value.replace(/\.$/, "") : undefined;
  if (name && name.includes(".") && isHostname(name)) return name;
  const address = connect?.type === "connect" ? connect.localAddress.replace(/^::ffff:(?=\d+\.)/i, "") : "";
  if (!address) return "[127.0.0.1]";
  return address.includes(":") ? `[IPv6:${address}]` : `[${address}]`;
}

/** RFC 5321 4.5.1: every domain has a postmaster, so it makes a recipient that always exists. */
function postmasterOf(events: readonly SessionEvent[]): string {
  const mx = events.find((e) => e.type === "dns" && e.purpose === "mx");
  return mx?.type === "dns" ? `postmaster@${mx.name.replace(/\.$/, "")}` : "postmaster";
}

/** The guided walk, in order; STARTTLS and the second EHLO only when the server offers it. */
export const WALK_STEPS = ["connect", "ehlo", "starttls", "ehlo-tls", "mail-from", "rcpt-to", "data", "body", "quit", "summary"] as const;
export type WalkStep = (typeof WALK_STEPS)[number];
export type StarttlsPlan = "pending" | "yes" | "no";

export function starttlsPlan(events: readonly SessionEvent[], tls: TlsMode): StarttlsPlan {
  if (tls === "none" || tls === "implicit") return "no";
  const connect = events.find((e) => e.type === "connect");
  if (connect?.type === "connect" && connect.implicitTls) return "no";
  const caps = events.find((e) => e.type === "capabilities" && !e.tls);
  if (caps?.type !== "capabilities") {
    // EHLO refused: no extension list will come, so STARTTLS was not offered.
    const refused = events.some((e) => e.type === "reply" && !e.unsolicited && e.command === "EHLO" && e.code >= 400);
    return refused ? "no" : "pending";
  }
  return caps.capabilities.some((c) => c.keyword === "STARTTLS") ? "yes" : "no";
}

export function walkSteps(plan: StarttlsPlan): WalkStep[] {
  return WALK_STEPS.filter((s) => plan !== "no" || (s !== "starttls" && s !== "ehlo-tls"));
}

/** The command a step sends; empty for the steps that send none (connect, body, summary). */
export function walkCommand(step: WalkStep, context: { heloName: string; from: string; to: string }): string {
  switch (step) {
    case "ehlo":
    case "ehlo-tls":
      return `EHLO ${context.heloName}`;
    case "starttls":
      return "STARTTLS";
    case "mail-from":
      return mailFrom(context.from);
    case "rcpt-to":
      return rcptTo(context.to);
    case "data":
      return "DATA";
    case "quit":
      return "QUIT";
    default:
      return "";
  }
}

/** The answer to what was sent after `afterSeq`: the engine awaits one reply at a time, so the first one. */
export function replyAfter(events: readonly SessionEvent[], afterSeq: number): ReplyEvent | null {
  for (const e of events) if (e.seq > afterSeq && e.type === "reply" && !e.unsolicited) return e;
  return null;
}

export const lastSeq = (events: readonly SessionEvent[]) => events.at(-1)?.seq ?? -1;

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const two = (n: number) => String(n).padStart(2, "0");

/** RFC 5322 3.3 date-time, in UTC: "Tue, 04 Jun 2024 09:05:00 +0000". */
export function rfc5322Date(d: Date): string {
  const time = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  return `${DAYS[d.getUTCDay()]}, ${two(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${time} +0000`;
}

/** The short test message KB 153119 types after DATA, with the headers it lacks (From, To, Date). */
export function testMessage({ from, to, date, heloName }: { from: string; to: string; date: Date; heloName?: string | null }): string {
  return [
    // The null sender has no address to show: a bounce comes from the mailer daemon of the host that sends it.
    `From: <${from || mailerDaemonOf(heloName)}>`,
    `To: <${to}>`,
    `Subject: ${TEST_SUBJECT}`,
    `Date: ${rfc5322Date(date)}`,
    "",
    "This is a test message typed by hand with HeloDesk, following Microsoft KB 153119.",
    "No action is needed.",
  ].join("\n");
}

/** The lines to type after 354, one send each; the engine dot-stuffs them, the walk sends the "." itself. */
export function messageLines(text: string): { lines: string[] } | { error: string } {
  if (text.includes("\0")) return { error: "The message must not contain NUL characters." };
  if (new TextEncoder().encode(text).length > 64 * 1024) return { error: "The message is at most 64 KiB." };
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.at(-1) === "") lines.pop();
  if (lines.length === 0) return { error: "Write a message: at least a Subject line." };
  const dot = lines.indexOf(".");
  if (dot >= 0) return { error: `Line ${dot + 1} is a single dot, which would end the message there: remove it (HeloDesk sends the final dot itself).` };
  const long = lines.findIndex((l) => l.length > MAX_TEXT_LINE);
  if (long >= 0) return { error: `Line ${long + 1} is longer than ${MAX_TEXT_LINE} characters (RFC 5321 4.5.3.1.6): break it up.` };
  return { lines };
}

type Query = Record<string, string | string[] | undefined>;
export interface ConnectionValues {
  target: string;
  port: string;
  tls: TlsMode;
}
export interface WalkValues extends ConnectionValues {
  from: string;
  to: string;
}

const isTlsMode = (v: string): v is TlsMode => (TLS_MODES as readonly string[]).includes(v);

/** A link's values, kept as typed (capped) so validation can say what is wrong; unknown TLS modes fall back to auto. */
export function valuesFromQuery(query: Query): WalkValues {
  const first = (key: string) => {
    const v = query[key];
    return ((Array.isArray(v) ? v[0] : v) ?? "").slice(0, 2048);
  };
  const tls = first("tls");
  return { target: first("target"), port: first("port") || "25", tls: isTlsMode(tls) ? tls : "auto", from: first("from"), to: first("to") };
}

export type FieldErrors<K extends string> = Partial<Record<K, string>>;

export function parseConnection(v: ConnectionValues): { ok: true; target: string; port: number } | { ok: false; errors: FieldErrors<"target" | "port"> } {
  const target = Target.safeParse(v.target);
  const port = Port.safeParse(v.port.trim());
  if (target.success && port.success && v.port.trim()) return { ok: true, target: target.data, port: port.data };
  const errors: FieldErrors<"target" | "port"> = {};
  if (!target.success) errors.target = sentence(target.error.issues[0]?.message ?? "check the target");
  if (!v.port.trim()) errors.port = "Enter a port, for example 25.";
  else if (!port.success) errors.port = sentence(port.error.issues[0]?.message ?? "check the port");
  return { ok: false, errors };
}

/**
 * The walk's sender and recipient. Besides addresses: "<>", the null sender bounces use (RFC 5321
 * 4.5.5), and a bare "postmaster", which every server must take without a domain (RFC 5321 4.5.1),
 * both of which the console suggests too.
 */
export function parseEnvelope(v: { from: string; to: string }): { ok: true; from: string; to: string } | { ok: false; errors: FieldErrors<"from" | "to"> } {
  const bare = (s: string) => s.trim().replace(/^<\s*(.*?)\s*>$/, "$1");
  const from = bare(v.from) === "" && v.from.trim() !== "" ? ({ success: true, data: "" } as const) : Mailbox.safeParse(v.from);
  const to = /^postmaster$/i.test(bare(v.to)) ? ({ success: true, data: bare(v.to) } as const) : Mailbox.safeParse(v.to);
  if (from.success && to.success) return { ok: true, from: from.data, to: to.data };
  const errors: FieldErrors<"from" | "to"> = {};
  if (!from.success) errors.from = sentence(from.error.issues[0]?.message ?? "check the sender");
  if (!to.success) errors.to = sentence(to.error.issues[0]?.message ?? "check the recipient");
  return { ok: false, errors };
}

export const PASTE_ONE_COMMAND = "Paste one command at a time: the console sends a line and waits for its reply.";

/** A multi-line paste at the prompt: the lines to send in order, and what stays typed after them. */
export type PastePlan = { send: string[]; keep: string } | { error: string };

/**
 * What a paste with line breaks does at the prompt, where `before` and `after` are the typed text
 * around the selection it replaces. An <input> would join the lines with spaces into one command, so
 * in command (and AUTH) mode it is refused; in the message body each line is one body line, and the
 * last, unfinished one stays typed, as in a terminal. Nothing is sent when any line would be refused,
 * nor when lines follow the final dot: those would go out as commands.
 */
export function planPaste(mode: ConsoleMode, before: string, pasted: string, after: string): PastePlan {
  const lines = `${before}${pasted}${after}`.split(/\r\n|\r|\n/);
  const keep = lines.pop() ?? "";
  if (mode !== "data") return { error: PASTE_ONE_COMMAND };
  for (const [i, line] of lines.entries()) {
    const { error } = checkLine(line, "data");
    if (error) return { error: `Line ${i + 1} of the paste: ${error}` };
  }
  const dot = lines.indexOf(".");
  if (dot !== -1 && (dot < lines.length - 1 || keep !== "")) {
    return { error: "The paste goes on after the line with only a dot, which ends the message: paste the message body alone." };
  }
  return { send: lines, keep };
}
