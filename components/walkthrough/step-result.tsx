import type { Ref } from "react";
import { extractQueueId } from "@/lib/queue-id";
import { inert } from "@/lib/inert-text";
import type { WalkStep } from "@/lib/console-assist";
import { ExplanationDetails } from "@/components/transcript/explanation-details";
import { type StepOutcome, type Tone, toneOf, whatToCheck } from "./step-outcome";

// Text on these backgrounds keeps at least 4.5:1 in light and dark mode.
export const TONE_BOX: Record<Tone, string> = {
  ok: "border-emerald-300 bg-emerald-50 text-emerald-950 dark:border-emerald-800 dark:bg-emerald-950/50 dark:text-emerald-50",
  retry: "border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-700 dark:bg-amber-950/50 dark:text-amber-50",
  fail: "border-red-300 bg-red-50 text-red-950 dark:border-red-800 dark:bg-red-950/50 dark:text-red-50",
};

const HEADLINE: Record<Tone, string> = { ok: "It worked", retry: "Not now: the server asks to try again later", fail: "This step failed" };

/** What came back for a step and what it means: the reply, the annotator's explanation, what to do. */
export function StepResult({ step, outcome, headingRef }: { step: WalkStep; outcome: StepOutcome; headingRef?: Ref<HTMLHeadingElement> }) {
  const tone = toneOf(outcome);
  const check = tone === "ok" ? "" : whatToCheck(step, outcome);
  return (
    <div data-testid="step-result" data-ok={tone === "ok"} className={`space-y-3 rounded-lg border p-4 ${TONE_BOX[tone]}`}>
      <h3 ref={headingRef} tabIndex={-1} className="text-base font-semibold focus:outline-none">
        <span aria-hidden="true">{tone === "ok" ? "✓ " : tone === "retry" ? "⏳ " : "✕ "}</span>
        {outcome.kind === "reply" ? `${HEADLINE[tone]}: the server answered ${outcome.reply.code}` : "No answer from the server"}
      </h3>
      {outcome.kind === "reply" ? <ReplyDetails step={step} outcome={outcome} /> : <p className="text-sm wrap-anywhere">{inert(outcome.message)}</p>}
      {check ? (
        <div className="rounded-md bg-white/70 p-3 text-sm text-slate-900 dark:bg-slate-950/50 dark:text-slate-100">
          <p className="font-semibold">What to check</p>
          <p className="mt-1">{check}</p>
        </div>
      ) : null}
    </div>
  );
}

function ReplyDetails({ step, outcome }: { step: WalkStep; outcome: Extract<StepOutcome, { kind: "reply" }> }) {
  const { reply, tls, capabilities } = outcome;
  const queueId = step === "body" && outcome.ok ? extractQueueId(reply.text) : null;
  return (
    <>
      <pre className="overflow-x-auto rounded-md bg-white/80 p-2 font-mono text-sm whitespace-pre-wrap text-slate-900 wrap-anywhere dark:bg-slate-950/70 dark:text-slate-100">
        {inert(reply.lines.join("\n"))}
      </pre>
      <ExplanationDetails code={reply.code} explanation={reply.explanation} />
      {tls ? (
        <p className="text-sm">
          Encrypted with {tls.protocol ?? "TLS"}
          {tls.cipher ? ` (${tls.cipher})` : ""}. {tls.chainVerified ? "The certificate is trusted." : `The certificate is not trusted${tls.verifyError ? `: ${inert(tls.verifyError)}` : ""}.`}
        </p>
      ) : null}
      {capabilities?.length ? (
        <p className="text-sm wrap-anywhere">
          <span className="font-semibold">The server offers: </span>
          {capabilities.map((c) => inert([c.keyword, ...c.params].join(" "))).join(", ")}
        </p>
      ) : null}
      {queueId ? (
        <p className="text-sm">
          <span className="font-semibold">Queue id: </span>
          <code className="font-mono">{inert(queueId)}</code> — the server&apos;s administrator finds the message in the mail log with it.
        </p>
      ) : null}
    </>
  );
}
