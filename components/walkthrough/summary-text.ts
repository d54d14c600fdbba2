import type { WalkStep } from "@/lib/console-assist";
import { extractQueueId } from "@/lib/queue-id";
import { STEP_CONTENT } from "./step-content";
import { type StepOutcome, type StepRun, type Tone, toneOf, whatToCheck } from "./step-outcome";

export interface SummaryRow {
  step: WalkStep;
  run: StepRun | undefined;
  outcome: StepOutcome | null;
}

export interface Verdict {
  ok: boolean;
  /** "retry" when the walk stopped at a 4xx: nothing is broken yet, the server asks to come back later. */
  tone: Tone;
  headline: string;
  detail: string | null;
}

const resultText = (o: StepOutcome) => (o.kind === "reply" ? `${o.reply.code} ${o.reply.explanation.summary}` : o.message);

/** One sentence for the ticket: the message was accepted, or where the walk stopped and what to do. */
export function verdict(rows: readonly SummaryRow[]): Verdict {
  const body = rows.find((r) => r.step === "body")?.outcome;
  if (body?.kind === "reply" && body.ok) {
    const id = extractQueueId(body.reply.text);
    return { ok: true, tone: "ok", headline: "The server accepted the test message.", detail: id ? `Queue id ${id}: the server's administrator can find the message in the mail log with it.` : null };
  }
  const failed = rows.find((r) => r.outcome && !(r.outcome.kind === "reply" && r.outcome.ok));
  if (failed?.outcome) {
    const action = failed.outcome.kind === "reply" ? failed.outcome.reply.explanation.action : null;
    return { ok: false, tone: toneOf(failed.outcome), headline: `Stopped at ${STEP_CONTENT[failed.step].title}: ${resultText(failed.outcome)}`, detail: action ?? whatToCheck(failed.step, failed.outcome) };
  }
  return { ok: false, tone: "fail", headline: "The walkthrough ended before a message was sent.", detail: "Start again and run every step to test delivery end to end." };
}

/** The summary as plain text, to paste into a ticket. */
export function summaryText(server: string, rows: readonly SummaryRow[]): string {
  const v = verdict(rows);
  const lines = [`HeloDesk walkthrough (KB 153119) — ${server}`, v.headline, ...(v.detail ? [v.detail] : []), ""];
  for (const { step, run, outcome } of rows) {
    if (!run) continue;
    lines.push(`${STEP_CONTENT[step].title}: ${run.command}`);
    lines.push(`  → ${outcome ? resultText(outcome) : "no answer"}`);
  }
  return lines.join("\n");
}
