"use client";

import dynamic from "next/dynamic";
import { useState } from "react";
import { useLiveSession } from "@/components/session/use-live-session";
import { loadValidator } from "@/components/session-form/lazy-validator";
import { SessionForm } from "@/components/session-form/session-form";
import type { FormValues } from "@/components/session-form/form-values";
import type { SessionRequest } from "@/lib/schemas/request";
import { IdleTranscript } from "@/components/transcript/idle-transcript";
import type { TranscriptMode } from "@/components/transcript/transcript-toolbar";
import { ConnectionStatus } from "./connection-status";
import { useFirstInteraction } from "./use-first-interaction";
import { CARD } from "@/components/styles";

// Shown only once a test has started: one chunk, loaded with the socket on the first interaction.
const results = () => import("./session-results");
const OutcomeBanner = dynamic(() => results().then((m) => m.OutcomeBanner));
const ShareBox = dynamic(() => results().then((m) => m.ShareBox));
const StartError = dynamic(() => results().then((m) => m.StartError));
const SessionPanels = dynamic(() => results().then((m) => m.SessionPanels));
const RawView = dynamic(() => results().then((m) => m.RawView));

export interface SessionWorkbenchProps {
  /** The form's starting values, read from the page's query string by the server page. */
  initialValues: FormValues;
  /** `run=1` in the link: start once on load if the values are valid. */
  autoRun?: boolean;
}

const FORM_ID = "session-form";

/**
 * The test page: the form, whether the HeloDesk server is reachable, the verdict of the last run, the
 * live transcript and the panels around it. One column on phones; the form spans the top on wider
 * screens so the transcript keeps the full width for long reply lines. The page loads with the form
 * alone; the first interaction (or `run=1`) loads the schema, socket.io and the result views.
 */
export function SessionWorkbench({ initialValues, autoRun = false }: SessionWorkbenchProps) {
  const live = useLiveSession({ connect: "demand" });
  useFirstInteraction(() => {
    live.open();
    void loadValidator();
    void results();
  });
  const [lastRequest, setLastRequest] = useState<SessionRequest | null>(null);
  const busy = live.status === "starting" || live.status === "running";
  const idle = live.status === "idle" && live.events.length === 0;
  // Kept here so the view chosen before the first test stays when RawView takes over.
  const [mode, setMode] = useState<TranscriptMode>("annotated");
  return (
    <div className="space-y-6">
      <section aria-labelledby="workbench-title" className={CARD}>
        <div className="mb-5 flex flex-wrap items-start justify-between gap-x-4 gap-y-2">
          <div className="min-w-0">
            <h1 id="workbench-title" className="text-xl font-semibold tracking-tight sm:text-2xl">
              Test a mail server
            </h1>
            <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
              Enter a domain, a host or an IP and press Run: HeloDesk talks SMTP to it and explains every reply.
            </p>
          </div>
          <ConnectionStatus connected={live.settled ? live.connected : null} />
        </div>
        <SessionForm
          id={FORM_ID}
          initialValues={initialValues}
          autoRun={autoRun}
          busy={busy}
          serverIssues={live.fieldErrors}
          onRun={(request) => {
            setLastRequest(request);
            void live.start(request);
          }}
          onCancel={live.cancel}
        />
      </section>

      <div aria-live="polite">
        {live.status === "finished" ? <OutcomeBanner outcome={live.outcome} events={live.events} formId={FORM_ID} /> : null}
      </div>
      {live.id && lastRequest ? <ShareBox id={live.id} deleteToken={live.deleteToken} request={lastRequest} /> : null}
      {live.status === "error" && live.error ? <StartError error={live.error} fieldIssues={live.fieldErrors.length} /> : null}

      <section aria-labelledby="transcript-title" className="min-w-0 space-y-2">
        <h2 id="transcript-title" className="text-lg font-semibold">
          Transcript
        </h2>
        {idle ? <IdleTranscript mode={mode} onMode={setMode} /> : <RawView events={live.events} status={live.status} initialMode={mode} />}
      </section>

      {live.events.length || live.outcome !== null ? <SessionPanels events={live.events} outcome={live.outcome} /> : null}
    </div>
  );
}
