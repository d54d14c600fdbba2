"use client";

import { useMemo } from "react";
import type { LiveStatus } from "@/components/session/use-live-session";
import type { SessionEvent } from "@/lib/schemas/events";
import { FOCUS_RING } from "./styles";
import { transcriptRow } from "./transcript-row";
import { useFollowEnd } from "./use-follow-end";
import { WaitIndicator } from "./wait-indicator";

const EMPTY: Record<LiveStatus, string> = {
  idle: "No test has run yet.",
  starting: "Starting the test…",
  running: "Connecting…",
  finished: "This session recorded no lines.",
  error: "The test did not start.",
};

interface TranscriptProps {
  events: SessionEvent[];
  status: LiveStatus;
  /** Render the wait indicator under the log (default). Pass false if the page places it itself. */
  showWait?: boolean;
}

/**
 * The live transcript: one row per line and step, announced to screen readers as it arrives
 * (role="log"), and kept scrolled to the newest line unless the reader scrolled up.
 */
export function Transcript({ events, status, showWait = true }: TranscriptProps) {
  const live = status === "running" || status === "starting";
  const rows = useMemo(() => events.map(transcriptRow).filter((r) => r !== null), [events]);
  const { box, unseen, onScroll, jump } = useFollowEnd<HTMLDivElement>(rows.length, live);

  return (
    <div data-testid="transcript">
      <div className="relative">
        <div
          ref={box}
          role="log"
          aria-live="polite"
          aria-label="SMTP transcript"
          tabIndex={0}
          onScroll={onScroll}
          className={`max-h-[min(70vh,44rem)] min-h-24 overflow-y-auto overscroll-contain rounded-lg border border-slate-200 bg-slate-50 dark:border-slate-800 dark:bg-slate-900/60 ${FOCUS_RING}`}
        >
          {rows.length ? (
            <ol className="divide-y divide-slate-200/70 py-1 dark:divide-slate-800/70">{rows}</ol>
          ) : (
            <p className="px-3 py-4 text-sm text-slate-600 dark:text-slate-400">{EMPTY[status]}</p>
          )}
        </div>
        {unseen ? (
          <button
            type="button"
            onClick={jump}
            className={`absolute right-3 bottom-3 rounded-full bg-sky-700 px-3 py-1 text-sm font-medium text-white shadow-md hover:bg-sky-800 dark:bg-sky-500 dark:text-slate-950 dark:hover:bg-sky-400 ${FOCUS_RING}`}
          >
            New lines <span aria-hidden="true">↓</span>
          </button>
        ) : null}
      </div>
      {showWait ? <WaitIndicator events={events} status={status} /> : null}
    </div>
  );
}
