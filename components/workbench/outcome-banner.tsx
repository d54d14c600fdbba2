import type { SessionEvent } from "@/lib/schemas/events";
import type { Outcome } from "@/lib/schemas/session";
import { sessionView } from "@/lib/session-view";
import { summarizeOutcome } from "./outcome-summary";

interface OutcomeBannerProps {
  outcome: Outcome | null;
  events: SessionEvent[];
  /** The session form's id: "Run again" submits it, so it runs what the form shows, validated. */
  formId: string;
}

// Text and background pairs keep at least 4.5:1 in both modes.
const TONE: Record<Outcome | "none", { box: string; badge: string }> = {
  pass: { box: "border-emerald-300 bg-emerald-50 text-emerald-950 dark:border-emerald-800 dark:bg-emerald-950/60 dark:text-emerald-50", badge: "bg-emerald-700 text-white dark:bg-emerald-400 dark:text-emerald-950" },
  warn: { box: "border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-800 dark:bg-amber-950/60 dark:text-amber-50", badge: "bg-amber-700 text-white dark:bg-amber-400 dark:text-amber-950" },
  fail: { box: "border-red-300 bg-red-50 text-red-950 dark:border-red-800 dark:bg-red-950/60 dark:text-red-50", badge: "bg-red-700 text-white dark:bg-red-400 dark:text-red-950" },
  error: { box: "border-fuchsia-300 bg-fuchsia-50 text-fuchsia-950 dark:border-fuchsia-800 dark:bg-fuchsia-950/60 dark:text-fuchsia-50", badge: "bg-fuchsia-800 text-white dark:bg-fuchsia-400 dark:text-fuchsia-950" },
  none: { box: "border-slate-300 bg-slate-50 text-slate-900 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100", badge: "bg-slate-700 text-white dark:bg-slate-300 dark:text-slate-950" },
};

const BUTTON =
  "inline-flex shrink-0 items-center justify-center gap-2 rounded-md border border-current/40 bg-white/70 px-4 py-2 text-sm font-semibold hover:bg-white dark:bg-slate-950/40 dark:hover:bg-slate-950 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 dark:focus-visible:outline-sky-400";

/** The verdict of a finished session, big and first, with the way to run it again. */
export function OutcomeBanner({ outcome, events, formId }: OutcomeBannerProps) {
  const view = sessionView(events);
  const summary = summarizeOutcome(outcome, view.checks, view.close);
  const tone = TONE[summary.tone];
  return (
    <div
      data-testid="outcome"
      data-outcome={outcome ?? "none"}
      className={`flex flex-col gap-3 rounded-xl border p-4 sm:flex-row sm:items-center sm:justify-between ${tone.box}`}
    >
      <div className="flex items-start gap-3">
        <span className={`mt-0.5 rounded-md px-2.5 py-1 font-mono text-lg font-bold tracking-wide ${tone.badge}`}>{summary.label}</span>
        <div className="min-w-0">
          <p className="text-base font-semibold">{summary.sentence}</p>
          {summary.detail ? <p className="mt-0.5 text-sm wrap-anywhere opacity-90">{summary.detail}</p> : null}
        </div>
      </div>
      <button type="submit" form={formId} data-testid="run-again-button" className={BUTTON}>
        <span aria-hidden="true">↻</span>
        Run again
      </button>
    </div>
  );
}
