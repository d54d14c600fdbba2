import { summarizeOutcome } from "@/components/workbench/outcome-summary";
import type { SessionEvent } from "@/lib/schemas/events";
import type { Outcome, SessionDocument } from "@/lib/schemas/session";
import { sessionView } from "@/lib/session-view";

const TONE: Record<Outcome | "none", string> = {
  pass: "border-emerald-300 bg-emerald-50 text-emerald-950 dark:border-emerald-800 dark:bg-emerald-950/60 dark:text-emerald-50",
  warn: "border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-800 dark:bg-amber-950/60 dark:text-amber-50",
  fail: "border-red-300 bg-red-50 text-red-950 dark:border-red-800 dark:bg-red-950/60 dark:text-red-50",
  error: "border-fuchsia-300 bg-fuchsia-50 text-fuchsia-950 dark:border-fuchsia-800 dark:bg-fuchsia-950/60 dark:text-fuchsia-50",
  none: "border-slate-300 bg-slate-50 text-slate-900 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100",
};

interface ShareVerdictProps {
  state: SessionDocument["state"] | "running";
  outcome: Outcome | null;
  events: SessionEvent[];
}

/** The verdict as the live view shows it, without "Run again": a share page is read-only. */
export function ShareVerdict({ state, outcome, events }: ShareVerdictProps) {
  if (state === "running") {
    return (
      <p data-testid="share-state" data-state="running" className="rounded-xl border border-sky-300 bg-sky-50 p-4 font-semibold text-sky-950 dark:border-sky-800 dark:bg-sky-950/60 dark:text-sky-50">
        This test is still running: new lines appear as they arrive.
      </p>
    );
  }
  const view = sessionView(events);
  const summary = state === "interrupted"
    ? { label: "INTERRUPTED", tone: outcome ?? ("none" as const), sentence: "The HeloDesk server stopped during this test: the transcript ends at the last line it recorded.", detail: null }
    : summarizeOutcome(outcome, view.checks, view.close);
  return (
    <div data-testid="outcome" data-outcome={outcome ?? "none"} data-state={state} className={`flex items-start gap-3 rounded-xl border p-4 ${TONE[summary.tone]}`}>
      <span className="mt-0.5 rounded-md border border-current px-2.5 py-1 font-mono text-lg font-bold tracking-wide">{summary.label}</span>
      <div className="min-w-0">
        <p className="text-base font-semibold">{summary.sentence}</p>
        {summary.detail ? <p className="mt-0.5 text-sm wrap-anywhere opacity-90">{summary.detail}</p> : null}
      </div>
    </div>
  );
}
