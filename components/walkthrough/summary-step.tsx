import Link from "next/link";
import { useEffect, useRef } from "react";
import { PRIMARY_BUTTON, SECONDARY_BUTTON } from "@/components/session-form/styles";
import { CopyButton } from "@/components/transcript/copy-button";
import { inert } from "@/lib/inert-text";
import { STEP_CONTENT } from "./step-content";
import { type SummaryRow, summaryText, verdict } from "./summary-text";
import { type Tone, toneOf } from "./step-outcome";
import { TONE_BOX } from "./step-result";
import { CARD } from "@/components/styles";

/** Each step's mark and what a screen reader says for it. */
const MARK: Record<Tone | "none", { icon: string; said: string }> = {
  none: { icon: "–", said: "not run" },
  ok: { icon: "✓", said: "worked" },
  retry: { icon: "⏳", said: "not now, try again later" },
  fail: { icon: "✕", said: "failed" },
};

interface SummaryStepProps {
  rows: SummaryRow[];
  /** "example.com port 25". */
  server: string;
  consoleHref: string;
  onRestart(): void;
}

/** The last step: the verdict, then every step with what it sent and what came back. */
export function SummaryStep({ rows, server, consoleHref, onRestart }: SummaryStepProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  const v = verdict(rows);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section
      data-testid="walkthrough-step"
      data-step="summary"
      aria-labelledby="walkthrough-summary-title"
      className={`min-w-0 space-y-4 ${CARD}`}
    >
      <h2 ref={heading} id="walkthrough-summary-title" tabIndex={-1} className="text-xl font-semibold tracking-tight focus:outline-none">
        Summary
      </h2>
      <div
        data-testid="step-result"
        data-ok={v.ok}
        data-tone={v.tone}
        className={`rounded-lg border p-4 ${TONE_BOX[v.tone]}`}
      >
        <p className="font-semibold wrap-anywhere">{inert(v.headline)}</p>
        {v.detail ? <p className="mt-1 text-sm wrap-anywhere">{inert(v.detail)}</p> : null}
      </div>
      <ol className="divide-y divide-slate-200 rounded-lg border border-slate-200 dark:divide-slate-800 dark:border-slate-800">
        {rows.map(({ step, run, outcome }) => {
          // No outcome after a run: it never got its answer (the "No answer." below).
          const mark = !run ? MARK.none : MARK[outcome ? toneOf(outcome) : "fail"];
          return (
            <li key={step} data-testid="summary-row" data-step={step} className="grid gap-1 p-3 text-sm sm:grid-cols-[12rem_minmax(0,1fr)] sm:gap-3">
              <p className="font-semibold">
                <span aria-hidden="true">{mark.icon} </span>
                {STEP_CONTENT[step].title}
                <span className="sr-only">: {mark.said}</span>
              </p>
              {run ? (
                <div className="min-w-0 space-y-0.5">
                  <p><code className="font-mono wrap-anywhere">{inert(run.command)}</code></p>
                  <p className="wrap-anywhere text-slate-800 dark:text-slate-200">
                    {outcome?.kind === "reply" ? <span className="font-mono font-semibold">{outcome.reply.code} </span> : null}
                    {outcome ? inert(outcome.kind === "reply" ? outcome.reply.explanation.summary : outcome.message) : "No answer."}
                  </p>
                </div>
              ) : (
                <p className="text-slate-700 dark:text-slate-300">Not run.</p>
              )}
            </li>
          );
        })}
      </ol>
      <div className="flex flex-wrap items-center gap-3">
        <button type="button" onClick={onRestart} className={PRIMARY_BUTTON}>
          <span aria-hidden="true">↻</span>
          Start again
        </button>
        <CopyButton getText={() => summaryText(server, rows)} label="Copy summary" srSuffix="as text for a ticket" />
        <Link href={consoleHref} className={SECONDARY_BUTTON}>
          Open in the console
        </Link>
      </div>
    </section>
  );
}
