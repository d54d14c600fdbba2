"use client";

import dynamic from "next/dynamic";
import { memo, useCallback, useMemo, useRef, useState } from "react";
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
import { useAfterPaint } from "@/components/use-after-paint";

// Shown only once a test has started: one chunk, loaded with the socket on the first interaction.
const results = () => import("./session-results");
const OutcomeBanner = dynamic(() => results().then((m) => m.OutcomeBanner));
const ShareBox = dynamic(() => results().then((m) => m.ShareBox));
const StartError = dynamic(() => results().then((m) => m.StartError));
const SessionPanels = dynamic(() => results().then((m) => m.SessionPanels));
type RawViewType = Awaited<ReturnType<typeof results>>["RawView"];

const isStarting = (around: { status: string }) => around.status === "starting";

// Props change only with busy and the server's issues: a transcript event does not re-render the form.
const Form = memo(SessionForm);

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
  // RawView takes over from IdleTranscript (the same markup) as soon as its chunk is here, not at Run:
  // Run then changes one line of text instead of replacing the transcript's DOM before the first line.
  // Replacing the idle transcript's DOM would drop focus inside it: then the swap waits for it to leave.
  const transcriptSection = useRef<HTMLElement>(null);
  const [RawView, setRawView] = useState<RawViewType | null>(null);
  const loadRawView = useCallback((evenWithFocus: boolean) => {
    void results().then((m) => {
      if (evenWithFocus || !transcriptSection.current?.contains(document.activeElement)) setRawView(() => m.RawView);
    });
  }, []);
  useFirstInteraction(() => {
    live.open();
    void loadValidator();
    loadRawView(false);
  });
  const [lastRequest, setLastRequest] = useState<SessionRequest | null>(null);
  const { start } = live;
  const onRun = useCallback(
    (request: SessionRequest) => {
      setLastRequest(request);
      void start(request);
      loadRawView(true);
    },
    [start, loadRawView],
  );

  // The transcript renders each event at once; what is around it follows a painted frame later.
  const { status, events, outcome, id, deleteToken } = live;
  // Except at Run: the last run's verdict, share box and panels go in the click's own commit.
  const around = useAfterPaint(
    useMemo(() => ({ status, events, outcome, id, deleteToken, lastRequest }), [status, events, outcome, id, deleteToken, lastRequest]),
    isStarting,
  );
  const busy = live.status === "starting" || live.status === "running";
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
        <Form
          id={FORM_ID}
          initialValues={initialValues}
          autoRun={autoRun}
          busy={busy}
          serverIssues={live.fieldErrors}
          onRun={onRun}
          onCancel={live.cancel}
        />
      </section>

      <div aria-live="polite">
        {around.status === "finished" ? <OutcomeBanner outcome={around.outcome} events={around.events} formId={FORM_ID} /> : null}
      </div>
      {around.id && around.lastRequest ? <ShareBox id={around.id} deleteToken={around.deleteToken} request={around.lastRequest} /> : null}
      {live.status === "error" && live.error ? <StartError error={live.error} fieldIssues={live.fieldErrors.length} /> : null}

      <section
        ref={transcriptSection}
        aria-labelledby="transcript-title"
        className="min-w-0 space-y-2"
        onBlur={(e) => {
          if (!RawView && !e.currentTarget.contains(e.relatedTarget)) loadRawView(false);
        }}
      >
        <h2 id="transcript-title" className="text-lg font-semibold">
          Transcript
        </h2>
        {/* Until RawView's chunk is here (a test started before any interaction), the idle markup stands in. */}
        {RawView ? <RawView events={live.events} status={live.status} initialMode={mode} /> : <IdleTranscript mode={mode} onMode={setMode} />}
      </section>

      {around.events.length || around.outcome !== null ? <SessionPanels events={around.events} outcome={around.outcome} /> : null}
    </div>
  );
}
