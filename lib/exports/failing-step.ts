import { inert } from "../inert-text";
import type { Check } from "../schemas/check";
import { type EventOf, type SessionEvent, VERBS, type Verb } from "../schemas/events";
import type { SessionDocument } from "../schemas/session";
import { cancelledEarly } from "../cancelled-early";

/**
 * What an escalation is about. `reply`: the command and the reply that refused it; `close`: why the
 * session broke (connect failed, timeout, refused by policy); `checks`: a failure no reply states (an
 * open relay accepts, a missing STARTTLS is silence); `interrupted`: HeloDesk itself stopped, and what
 * it was waiting for then. Each carries the failed checks, which say what the outcome rests on.
 */
export type FailingStep =
  | { kind: "reply"; sent: EventOf<"send"> | null; reply: EventOf<"reply">; checks: Check[] }
  | { kind: "close"; close: EventOf<"close">; notes: EventOf<"note">[]; checks: Check[] }
  | { kind: "checks"; checks: Check[] }
  | { kind: "interrupted"; awaiting: EventOf<"wait"> | null };

/**
 * Commands whose refusal a failed check is about. A refusal to anything else (the first relay probe
 * before one was accepted, a STARTTLS the session went on without) is not what the session failed on.
 */
const CHECK_COMMANDS: Record<string, readonly Verb[]> = {
  greeting: ["CONNECT"],
  ehlo: ["EHLO", "HELO"],
  starttls: ["STARTTLS"],
  auth: ["AUTH", "AUTH-DATA"],
  "message-accepted": ["MAIL", "RCPT", "DATA", "DATA-END", "BDAT"],
  "session-end": VERBS,
};

/**
 * The step that decided a failed or broken session; null when nothing failed (a relay test whose
 * refusal is the pass, a warning) or the session is still running. The refusal shown is the last 4xx
 * or 5xx answer to one of our commands (a refusal to QUIT decides nothing) that a failed check is
 * about, or any when no check failed.
 */
export function failingStep(doc: SessionDocument): FailingStep | null {
  const events = doc.events;
  if (doc.state === "interrupted") return { kind: "interrupted", awaiting: pendingWait(events) };
  if (doc.outcome !== "fail" && doc.outcome !== "error") return null;
  const checks = doc.checks.filter((c) => c.status === "fail");
  const about = new Set(checks.flatMap((c) => CHECK_COMMANDS[c.id] ?? []));
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.type !== "reply" || e.unsolicited || e.code < 400 || e.command === "QUIT" || e.command === null) continue;
    if (checks.length > 0 && !about.has(e.command)) continue;
    return { kind: "reply", sent: sentBefore(events, i, e.command), reply: e, checks };
  }
  const close = events.findLast((e): e is EventOf<"close"> => e.type === "close");
  if (close && close.reason !== "quit") {
    return { kind: "close", close, notes: events.filter((e): e is EventOf<"note"> => e.type === "note" && e.level === "error"), checks };
  }
  return checks.length > 0 ? { kind: "checks", checks } : null;
}

const CANCELLED = "CANCELLED (stopped before it finished: nothing was concluded)";

/** The result word of the exports' header, as the page's verdict reads. */
export function resultWord(doc: SessionDocument): string {
  if (doc.state === "interrupted") return "INTERRUPTED (the HeloDesk server stopped during the session)";
  if (cancelledEarly(doc)) return CANCELLED;
  return doc.outcome?.toUpperCase() ?? "RUNNING";
}

/** The wait still open at the end of the log: what the session was waiting for when it stopped. */
function pendingWait(events: readonly SessionEvent[]): EventOf<"wait"> | null {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.type === "wait") return e;
    if (e.type === "reply" || e.type === "close") return null;
  }
  return null;
}

function sentBefore(events: readonly SessionEvent[], index: number, command: EventOf<"reply">["command"]): EventOf<"send"> | null {
  if (command === "CONNECT") return null;
  for (let i = index - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.type === "send" && (e.command === command || command === null)) return e;
  }
  return null;
}

/** "mail.example.com:25 — 550 5.7.1 relay refused": what a link preview shows. */
export function shareTitle(doc: SessionDocument): { title: string; description: string } {
  const where = `${doc.target}:${doc.port}`;
  const step = failingStep(doc);
  let what: string;
  if (step?.kind === "reply") what = step.reply.lines[0] ?? String(step.reply.code);
  else if (step?.kind === "close") what = `${step.close.reason}: ${step.close.detail}`;
  else if (step?.kind === "checks") what = step.checks.map((c) => c.title).join(", ") + " failed";
  else if (step?.kind === "interrupted") what = step.awaiting ? `interrupted while awaiting ${step.awaiting.awaiting}` : "interrupted";
  else if (doc.state === "running") what = "test running";
  // Cancelled counts as a warning in the outcome; a link preview says what happened.
  else if (doc.closeReason === "cancelled") what = "cancelled before the test finished";
  else if (doc.outcome === "pass") what = "all checks passed";
  else if (doc.outcome === "warn") what = `passed with warnings: ${doc.checks.filter((c) => c.status === "warn").map((c) => c.title).join(", ")}`;
  else what = doc.outcome ?? "ended";
  const clean = inert(what);
  const clipped = clean.length > 140 ? `${clean.slice(0, 139)}…` : clean;
  return {
    title: `${where} — ${clipped}`,
    description: `HeloDesk ${doc.profile} test of ${where}, ${doc.startedAt.slice(0, 16).replace("T", " ")} UTC: ${clipped}`,
  };
}
