import { type ReactNode, useId, useLayoutEffect, useRef } from "react";
import { PRIMARY_BUTTON, SECONDARY_BUTTON } from "@/components/session-form/styles";
import type { WalkStep } from "@/lib/console-assist";
import { STEP_CONTENT } from "./step-content";
import type { StepOutcome } from "./step-outcome";
import { StepResult } from "./step-result";
import { CARD } from "@/components/styles";

interface StepCardProps {
  step: WalkStep;
  /** Move focus into the card when it appears: after Next, not on the page's first load. */
  focusOnMount: boolean;
  /** The exact command (or the fields, or the message) this step will send. */
  children: ReactNode;
  canRun: boolean;
  running: boolean;
  /** "Waiting for the greeting…" while running. */
  waitingText: string;
  outcome: StepOutcome | null;
  nextLabel: string;
  onRun(): void;
  onNext(): void;
  /** Buttons beside Run step (Skip, for STARTTLS). */
  extra?: ReactNode;
}

/**
 * One step: what it does and why, what it will send (editable), Run step, then what came back and
 * what it means, then Next step. Enter in the command runs it; when the answer arrives focus moves
 * to Next step, and the next card focuses its command, so Enter, Enter… walks the whole test.
 */
export function StepCard({ step, focusOnMount, children, canRun, running, waitingText, outcome, nextLabel, onRun, onNext, extra }: StepCardProps) {
  const id = useId();
  const content = STEP_CONTENT[step];
  const card = useRef<HTMLElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const nextRef = useRef<HTMLButtonElement>(null);
  const ran = useRef(false);
  const outcomeKey = outcome ? (outcome.kind === "reply" ? `reply-${outcome.reply.seq}` : `problem-${outcome.message}`) : null;

  // Layout effects: focus moves in the same commit that shows the step or its answer, so an Enter
  // pressed right after the answer appears goes to Next step, never to a second run.
  useLayoutEffect(() => {
    if (!focusOnMount) return;
    const control = card.current?.querySelector<HTMLElement>("[data-autofocus]:not([disabled])");
    (control ?? heading.current)?.focus();
  }, [focusOnMount]);

  useLayoutEffect(() => {
    if (outcomeKey && ran.current) nextRef.current?.focus();
  }, [outcomeKey]);

  return (
    <section
      ref={card}
      data-testid="walkthrough-step"
      data-step={step}
      aria-labelledby={`${id}-title`}
      className={`min-w-0 space-y-4 ${CARD}`}
    >
      <div>
        <h2 ref={heading} id={`${id}-title`} tabIndex={-1} className="text-xl font-semibold tracking-tight focus:outline-none">
          {content.title}
        </h2>
        <p className="mt-2 max-w-prose text-slate-800 dark:text-slate-200">{content.what}</p>
        <p className="mt-1 max-w-prose text-sm text-slate-700 dark:text-slate-300">
          <span className="font-semibold">Why: </span>
          {content.why}
        </p>
      </div>
      <form
        noValidate
        aria-label={`${content.title}: what to send`}
        onSubmit={(e) => {
          e.preventDefault();
          if (!canRun || running) return;
          ran.current = true;
          onRun();
        }}
        className="space-y-4"
      >
        {children}
        <div className="flex flex-wrap items-center gap-3">
          <button type="submit" data-testid="run-step" disabled={!canRun || running} className={PRIMARY_BUTTON}>
            <span aria-hidden="true">{running ? "…" : "▶"}</span>
            {running ? "Running…" : outcome ? "Run again" : "Run step"}
          </button>
          {extra}
        </div>
      </form>
      <div aria-live="polite" className="space-y-4">
        {running && !outcome ? (
          <p className="text-sm text-slate-700 dark:text-slate-300">
            <span aria-hidden="true" className="mr-2 inline-block size-2 rounded-full bg-sky-600 motion-safe:animate-pulse dark:bg-sky-400" />
            {waitingText}
          </p>
        ) : null}
        {outcome ? <StepResult step={step} outcome={outcome} /> : null}
      </div>
      {outcome ? (
        <button ref={nextRef} type="button" data-testid="next-step" onClick={onNext} className={SECONDARY_BUTTON}>
          {nextLabel}
          <span aria-hidden="true">→</span>
        </button>
      ) : null}
    </section>
  );
}
