"use client";

import { useLayoutEffect, useRef } from "react";
import type { SessionEvent } from "@/lib/schemas/events";
import { FOCUS_RING } from "./styles";
import { type RawLine, rawLines } from "./raw-text";

const COLOR: Record<RawLine["from"], string> = {
  client: "font-semibold text-sky-800 dark:text-sky-300",
  server: "text-slate-900 dark:text-slate-100",
  telnet: "text-slate-600 dark:text-slate-400",
};

/** Within this many pixels of the bottom counts as "following the newest line", as in the annotated view. */
const STICK_PX = 32;

interface RawTranscriptProps {
  events: readonly SessionEvent[];
  /** The session is running: follow its newest line, as a telnet window does, unless the reader scrolled up. */
  live?: boolean;
}

/** The exact wire text in a <pre>; long lines scroll inside the box, never the page. */
export function RawTranscript({ events, live = false }: RawTranscriptProps) {
  const lines = rawLines(events);
  const box = useRef<HTMLPreElement>(null);
  const following = useRef(true);
  // A stored session opens at its first line; a live one is followed through its last lines, which
  // may arrive in the same render as the end.
  const wasLive = useRef(false);
  // Scrolling reads the layout: once per frame, in the frame that draws the new lines (transcript.tsx).
  const frame = useRef(0);
  useLayoutEffect(() => {
    if (live) wasLive.current = true;
    const el = box.current;
    if (!el || !wasLive.current) return;
    if (lines.length === 0) following.current = true;
    else if (following.current && !frame.current) {
      frame.current = requestAnimationFrame(() => {
        frame.current = 0;
        if (following.current) el.scrollTop = el.scrollHeight;
      });
    }
  }, [lines.length, live]);
  useLayoutEffect(() => () => cancelAnimationFrame(frame.current), []);

  return (
    <pre
      ref={box}
      data-testid="raw-transcript"
      tabIndex={0}
      aria-label="Raw transcript, as a telnet window shows it"
      onScroll={(e) => {
        const el = e.currentTarget;
        following.current = el.scrollHeight - el.scrollTop - el.clientHeight <= STICK_PX;
      }}
      className={`max-h-[min(70vh,44rem)] min-h-24 max-w-full overflow-auto rounded-lg border border-slate-200 bg-white p-3 font-mono text-xs leading-5 whitespace-pre sm:text-sm dark:border-slate-800 dark:bg-slate-950 ${FOCUS_RING}`}
    >
      {lines.length ? (
        lines.map((l, i) => (
          <span key={i} className={`block ${COLOR[l.from]}`}>
            {l.text || " "}
          </span>
        ))
      ) : (
        <span className="text-slate-600 dark:text-slate-400">Nothing on the wire yet.</span>
      )}
    </pre>
  );
}
