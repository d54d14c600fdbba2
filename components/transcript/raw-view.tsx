"use client";

import { useState } from "react";
import type { LiveStatus } from "@/components/session/use-live-session";
import type { SessionEvent } from "@/lib/schemas/events";
import { CopyButton } from "./copy-button";
import { RawTranscript } from "./raw-transcript";
import { annotatedText, rawText } from "./raw-text";
import { FOCUS_RING } from "./styles";
import { Transcript } from "./transcript";
import { WaitIndicator } from "./wait-indicator";

type Mode = "annotated" | "raw";

const MODES: { mode: Mode; label: string }[] = [
  { mode: "annotated", label: "Annotated" },
  { mode: "raw", label: "Raw" },
];

/**
 * The transcript with its toolbar: annotated or raw (the wire text, as telnet shows it), and copy
 * buttons for both. The annotated view stays mounted while hidden, so switching back keeps the
 * scroll position and the explanations that were open. A plain div: the page around it gives the
 * transcript its heading and region.
 */
export function RawView({ events, status }: { events: SessionEvent[]; status: LiveStatus }) {
  const [mode, setMode] = useState<Mode>("annotated");
  return (
    <div className="min-w-0">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <div role="group" aria-label="Transcript view" className="inline-flex rounded-md border border-slate-300 p-0.5 dark:border-slate-700">
          {MODES.map(({ mode: m, label }) => (
            <button
              key={m}
              type="button"
              aria-pressed={mode === m}
              onClick={() => setMode(m)}
              className={`rounded px-3 py-1 text-sm font-medium ${FOCUS_RING} ${
                mode === m ? "bg-slate-800 text-white dark:bg-slate-200 dark:text-slate-900" : "text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
              }`}
            >
              {label}
            </button>
          ))}
        </div>
        <div className="flex flex-wrap gap-2">
          <CopyButton label="Copy raw" srSuffix="transcript, as sent on the wire" getText={() => rawText(events)} />
          <CopyButton label="Copy annotated" srSuffix="transcript, with explanations" getText={() => annotatedText(events)} />
        </div>
      </div>
      <div hidden={mode !== "annotated"}>
        <Transcript events={events} status={status} showWait={false} />
      </div>
      {mode === "raw" ? <RawTranscript events={events} /> : null}
      <WaitIndicator events={events} status={status} />
    </div>
  );
}
