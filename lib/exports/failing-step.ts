import { inert } from "../inert-text";
import type { EventOf, SessionEvent } from "../schemas/events";
import type { SessionDocument } from "../schemas/session";

/** The step an escalation is about: the command, the reply that refused it, or why the session broke. */
export type FailingStep =
  | { kind: "reply"; sent: EventOf<"send"> | null; reply: EventOf<"reply"> }
  | { kind: "close"; close: EventOf<"close">; notes: EventOf<"note">[] };

/**
 * The reply that decided the outcome: the last 4xx or 5xx answer to one of our commands (a refusal
 * to QUIT decides nothing), paired with the line it answered. Without one, a session that ended in
 * error is about its close (connect failed, timeout, refused by policy).
 */
export function failingStep(doc: SessionDocument): FailingStep | null {
  const events = doc.events;
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.type !== "reply" || e.unsolicited || e.code < 400 || e.command === "QUIT") continue;
    return { kind: "reply", sent: sentBefore(events, i, e.command), reply: e };
  }
  const close = events.findLast((e): e is EventOf<"close"> => e.type === "close");
  if (close && (doc.outcome === "error" || doc.outcome === "fail") && close.reason !== "quit") {
    return { kind: "close", close, notes: events.filter((e): e is EventOf<"note"> => e.type === "note" && e.level === "error") };
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
  else if (doc.state === "running") what = "test running";
  else if (doc.state === "interrupted") what = "interrupted";
  else what = doc.outcome === "pass" ? "all checks passed" : `${doc.outcome ?? "ended"}`;
  const clean = inert(what);
  const clipped = clean.length > 140 ? `${clean.slice(0, 139)}…` : clean;
  return {
    title: `${where} — ${clipped}`,
    description: `HeloDesk ${doc.profile} test of ${where}, ${doc.startedAt.slice(0, 16).replace("T", " ")} UTC: ${clipped}`,
  };
}
