"use client";

import { useMemo, useState } from "react";
import { SessionPanels } from "@/components/panels/session-panels";
import { SECONDARY_BUTTON } from "@/components/session-form/styles";
import { ShareBox } from "@/components/share/share-box";
import { Transcript } from "@/components/transcript/transcript";
import { ConnectionStatus } from "@/components/workbench/connection-status";
import type { WalkStep, WalkValues } from "@/lib/console-assist";
import { consoleHref, walkthroughHref } from "@/lib/page-links";
import { CommandField } from "./command-field";
import { MessageField } from "./message-field";
import { SetupFields } from "./setup-fields";
import { StepCard } from "./step-card";
import { STEP_CONTENT } from "./step-content";
import { type StepStatus, StepList } from "./step-list";
import { SummaryStep } from "./summary-step";
import { useWalkthrough } from "./use-walkthrough";

/**
 * The guided walkthrough: Microsoft KB 153119 ("test SMTP with telnet") one step at a time over an
 * interactive session, each reply explained for a help desk, ending in a summary for the ticket.
 */
export function Walkthrough({ initial }: { initial: WalkValues }) {
  const w = useWalkthrough(initial);
  // Focus moves into a step only once the user has moved through the walk, never on page load.
  const [moved, setMoved] = useState(false);
  const go = (step: WalkStep) => {
    setMoved(true);
    w.go(step);
  };
  const step = w.current;
  const run = w.runs[step];
  const outcome = w.outcomeOf(step);
  const open = w.live.status === "running";
  const running = Boolean(run?.running) || (step === "connect" && run !== undefined && outcome === null && !w.over);
  const next = w.nextStep();
  const rows = w.steps.filter((s) => s !== "summary").map((s) => ({ step: s, run: w.runs[s], outcome: w.outcomeOf(s) }));
  const statusOf = (s: WalkStep): StepStatus => {
    if (s === step) return "current";
    const o = w.outcomeOf(s);
    if (o) return o.kind === "reply" && o.ok ? "done" : "failed";
    return w.steps.indexOf(s) < w.steps.indexOf(step) ? "skipped" : "todo";
  };
  const server = `${w.walk?.target ?? w.values.target.trim()} port ${w.walk?.port ?? w.values.port.trim()}`;
  // The walk as this browser's list of sessions remembers it; "Run again" comes back here.
  const { walk } = w;
  const shared = useMemo(
    () =>
      walk && {
        request: { target: walk.target, port: walk.port, tls: walk.tls, profile: "interactive" as const },
        rerun: walkthroughHref(walk),
      },
    [walk],
  );
  const toConsole = consoleHref({ target: w.values.target.trim(), port: w.values.port.trim(), tls: w.values.tls });

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2">
        <div className="min-w-0">
          <h1 className="text-xl font-semibold tracking-tight sm:text-2xl">Guided walkthrough</h1>
          <p className="mt-1 max-w-prose text-sm text-slate-700 dark:text-slate-300">
            The telnet test from Microsoft KB 153119, one step at a time: HeloDesk sends each command, then says what the answer means and what to do about it.
          </p>
        </div>
        <ConnectionStatus connected={w.live.connected} />
      </div>

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[15rem_minmax(0,1fr)]">
        <aside aria-label="Walkthrough progress" className="lg:sticky lg:top-4 lg:self-start">
          <StepList steps={w.steps} statusOf={statusOf} starttlsPending={w.starttlsPending} />
        </aside>
        <div className="min-w-0 space-y-6">
          {step === "summary" ? (
            <SummaryStep
              rows={rows}
              server={server}
              consoleHref={toConsole}
              onRestart={() => {
                setMoved(true);
                w.restart();
              }}
            />
          ) : (
            <StepCard
              key={step}
              step={step}
              focusOnMount={moved}
              canRun={step === "connect" ? w.live.status !== "starting" : open}
              running={running}
              waitingText={step === "connect" ? "Connecting, then waiting for the 220 greeting…" : step === "body" ? "Sending the message, then waiting for the answer to the final dot…" : `Waiting for the answer to ${run?.command ?? "the command"}…`}
              outcome={outcome}
              nextLabel={`Next step: ${STEP_CONTENT[next].title}`}
              onRun={() => void w.run(step)}
              onNext={() => go(next)}
              extra={
                <>
                  {step === "starttls" && !outcome && !running ? (
                    <button type="button" className={SECONDARY_BUTTON} onClick={() => go("mail-from")}>
                      Skip: go on without encryption
                    </button>
                  ) : null}
                  {/* A server that never answers must not hold the walk until the command's timeout. */}
                  {step !== "connect" && running && w.active ? (
                    <button type="button" data-testid="stop-waiting" className={SECONDARY_BUTTON} onClick={() => w.live.cancel()}>
                      <span aria-hidden="true">■</span>
                      Stop waiting: say QUIT and disconnect
                    </button>
                  ) : null}
                  {step !== "connect" && w.over && !outcome ? (
                    <button type="button" className={SECONDARY_BUTTON} onClick={() => go("summary")}>
                      The connection is closed: see the summary
                    </button>
                  ) : null}
                </>
              }
            >
              {step === "connect" ? (
                <SetupFields values={w.values} errors={w.setupErrors} locked={w.active} onChange={w.setValues} />
              ) : step === "body" ? (
                <MessageField value={w.message} error={w.inputError} disabled={!open} onChange={w.setMessage} />
              ) : (
                <CommandField value={w.commandOf(step)} error={w.inputError} disabled={!open} onChange={(v) => w.setCommand(step, v)} />
              )}
            </StepCard>
          )}

          {w.live.id && shared ? <ShareBox id={w.live.id} deleteToken={w.live.deleteToken} request={shared.request} rerun={shared.rerun} /> : null}

          <section aria-labelledby="walkthrough-transcript-title" className="min-w-0 space-y-2">
            <h2 id="walkthrough-transcript-title" className="text-lg font-semibold">
              Transcript
            </h2>
            <Transcript events={w.live.events} status={w.live.status} />
          </section>
        </div>
      </div>

      <SessionPanels events={w.live.events} outcome={w.live.outcome} />
    </div>
  );
}
