import { replyAfter, type WalkStep } from "@/lib/console-assist";
import type { Capability } from "@/lib/schemas/capability";
import type { ReplyEvent, SessionEvent, TlsEvent } from "@/lib/schemas/events";
import { sentence } from "@/lib/sentence";
import { NO_ANSWER, STEP_CONTENT } from "./step-content";

/** One run of a step: what was sent, and where in the event stream its answer starts. */
export interface StepRun {
  command: string;
  /** The seq of the last event before the step sent anything. */
  afterSeq: number;
  running: boolean;
  /** Why the line did not go out, or the session broke while waiting; one sentence. */
  error: string | null;
}

export type StepOutcome =
  | { kind: "reply"; ok: boolean; reply: ReplyEvent; tls: TlsEvent | null; capabilities: Capability[] | null }
  | { kind: "problem"; message: string };

/** How a step went: as hoped, "not now" (a 4xx: try again later), or failed. */
export type Tone = "ok" | "retry" | "fail";

export const toneOf = (o: StepOutcome): Tone => (o.kind === "problem" ? "fail" : o.ok ? "ok" : o.reply.code >= 400 && o.reply.code < 500 ? "retry" : "fail");

/**
 * What to check after a step that did not go as hoped. A step's own advice reads the codes its
 * command gets; when no reply came at all (a hang-up, a timeout), those codes are beside the point.
 */
export function whatToCheck(step: WalkStep, outcome: StepOutcome): string {
  if (outcome.kind === "problem" && step !== "connect") return NO_ANSWER;
  return STEP_CONTENT[step].failed;
}

/** The answer each step hopes for: 220 to connect and STARTTLS, 354 to DATA, 2xx otherwise. */
export function expected(step: WalkStep, code: number): boolean {
  if (step === "connect" || step === "starttls") return code === 220;
  if (step === "data") return code === 354;
  return code >= 200 && code < 300;
}

/** Why the session ended, in the engine's words: its error note (with a hint) or the close detail. */
export function closeProblem(events: readonly SessionEvent[]): string {
  const note = events.findLast((e) => e.type === "note" && e.level === "error");
  if (note?.type === "note") return note.text;
  const close = events.findLast((e) => e.type === "close");
  return close?.type === "close" ? `The connection closed: ${close.detail}.` : "The connection closed.";
}

interface OutcomeInput {
  step: WalkStep;
  run: StepRun | undefined;
  events: readonly SessionEvent[];
  /** The session ended (or never started), so no answer will come any more. */
  over: boolean;
  /** Why the session did not start, when it did not. */
  startError: string | null;
}

/** What came back for a step, from the events; null while it has not run or is still waiting. */
export function stepOutcome({ step, run, events, over, startError }: OutcomeInput): StepOutcome | null {
  if (!run) return null;
  if (run.error) return { kind: "problem", message: run.error };
  if (step !== "connect" && run.running) return null;
  const reply = step === "connect" ? events.find((e): e is ReplyEvent => e.type === "reply" && e.command === "CONNECT") : replyAfter(events, run.afterSeq);
  if (reply) {
    const later = events.filter((e) => e.seq > (step === "connect" ? -1 : run.afterSeq));
    const tls = step === "starttls" ? (later.find((e): e is TlsEvent => e.type === "tls") ?? null) : null;
    const caps = step === "ehlo" || step === "ehlo-tls" ? later.find((e) => e.type === "capabilities") : undefined;
    return { kind: "reply", ok: expected(step, reply.code), reply, tls, capabilities: caps?.type === "capabilities" ? caps.capabilities : null };
  }
  if (startError) return { kind: "problem", message: sentence(startError) };
  if (over) return { kind: "problem", message: closeProblem(events) };
  return null;
}
