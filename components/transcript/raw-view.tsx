"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { LiveStatus } from "@/components/session/use-live-session";
import type { SessionEvent } from "@/lib/schemas/events";
import { RawTranscript } from "./raw-transcript";
import { annotatedText, rawText } from "./raw-text";
import { Transcript } from "./transcript";
import { TranscriptToolbar, type TranscriptMode } from "./transcript-toolbar";
import { WaitIndicator } from "./wait-indicator";

/**
 * The transcript with its toolbar: annotated or raw (the wire text, as telnet shows it), and copy
 * buttons for both. The annotated view stays mounted while hidden, so switching back keeps the
 * scroll position and the explanations that were open. A plain div: the page around it gives the
 * transcript its heading and region.
 */
export function RawView({ events, status, initialMode = "annotated" }: { events: SessionEvent[]; status: LiveStatus; initialMode?: TranscriptMode }) {
  const [mode, setMode] = useState<TranscriptMode>(initialMode);
  // The copy buttons read the events when clicked: the toolbar stays the same while events arrive.
  const latest = useRef(events);
  useEffect(() => {
    latest.current = events;
  }, [events]);
  const raw = useCallback(() => rawText(latest.current), []);
  const annotated = useCallback(() => annotatedText(latest.current), []);
  return (
    <div className="min-w-0">
      <TranscriptToolbar mode={mode} onMode={setMode} rawText={raw} annotatedText={annotated} />
      <div hidden={mode !== "annotated"}>
        <Transcript events={events} status={status} showWait={false} />
      </div>
      {mode === "raw" ? <RawTranscript events={events} live={status === "running" || status === "starting"} /> : null}
      <WaitIndicator events={events} status={status} />
    </div>
  );
}
