import type { WalkStep } from "@/lib/console-assist";
import { STEP_CONTENT } from "./step-content";

export type StepStatus = "current" | "done" | "failed" | "skipped" | "todo";

interface StepListProps {
  steps: WalkStep[];
  statusOf(step: WalkStep): StepStatus;
  /** STARTTLS is listed until the first EHLO answer says whether the server offers it. */
  starttlsPending: boolean;
}

const WORD: Record<StepStatus, string> = { current: "current step", done: "done", failed: "failed", skipped: "skipped", todo: "not done yet" };

const MARK: Record<StepStatus, { glyph: (n: number) => string; tone: string }> = {
  current: { glyph: (n) => String(n), tone: "bg-sky-700 text-white ring-sky-700 dark:bg-sky-400 dark:text-slate-950 dark:ring-sky-400" },
  done: { glyph: () => "✓", tone: "bg-emerald-100 text-emerald-900 ring-emerald-700 dark:bg-emerald-950 dark:text-emerald-200 dark:ring-emerald-500" },
  failed: { glyph: () => "✕", tone: "bg-red-100 text-red-900 ring-red-700 dark:bg-red-950 dark:text-red-200 dark:ring-red-400" },
  skipped: { glyph: () => "–", tone: "bg-slate-100 text-slate-700 ring-slate-400 dark:bg-slate-800 dark:text-slate-300 dark:ring-slate-500" },
  todo: { glyph: (n) => String(n), tone: "bg-white text-slate-700 ring-slate-400 dark:bg-slate-900 dark:text-slate-300 dark:ring-slate-500" },
};

/**
 * The walk's progress as an ordered list; the current step carries aria-current="step". On phones
 * only the current step shows its name (the others keep theirs for screen readers); from lg up it is
 * a full column beside the step.
 */
export function StepList({ steps, statusOf, starttlsPending }: StepListProps) {
  const position = steps.findIndex((s) => statusOf(s) === "current");
  return (
    <div>
      <p className="mb-2 text-sm font-medium text-slate-700 dark:text-slate-300">
        Step {position + 1} of {steps.length}
      </p>
      <ol className="flex flex-wrap gap-1.5 lg:flex-col lg:gap-1">
        {steps.map((step, i) => {
          const status = statusOf(step);
          const conditional = starttlsPending && (step === "starttls" || step === "ehlo-tls");
          return (
            <li
              key={step}
              data-step={step}
              data-status={status}
              aria-current={status === "current" ? "step" : undefined}
              className={`flex items-center gap-2 rounded-md py-1 text-sm lg:px-2 ${status === "current" ? "bg-sky-50 px-2 font-semibold text-sky-950 dark:bg-sky-950/60 dark:text-sky-50" : "text-slate-800 dark:text-slate-200"}`}
            >
              <span aria-hidden="true" className={`inline-flex size-6 shrink-0 items-center justify-center rounded-full text-xs font-bold ring-1 ${MARK[status].tone}`}>
                {MARK[status].glyph(i + 1)}
              </span>
              <span className={status === "current" ? "" : "sr-only lg:not-sr-only"}>
                {STEP_CONTENT[step].title}
                {conditional ? <span className="font-normal text-slate-600 dark:text-slate-400"> (if offered)</span> : null}
              </span>
              <span className="sr-only">, {WORD[status]}</span>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
