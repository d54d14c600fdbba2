"use client";

import type { SessionEvent } from "@/lib/schemas/events";
import { FOCUS_RING } from "./styles";
import { type RawLine, rawLines } from "./raw-text";
import { useFollowEnd } from "./use-follow-end";

const COLOR: Record<RawLine["from"], string> = {
  client: "font-semibold text-sky-800 dark:text-sky-300",
  server: "text-slate-900 dark:text-slate-100",
  telnet: "text-slate-600 dark:text-slate-400",
};

interface RawTranscriptProps {
  events: readonly SessionEvent[];
  /** The session is running: follow its newest line, as a telnet window does, unless the reader scrolled up. */
  live?: boolean;
}

/** The exact wire text in a <pre>; long lines scroll inside the box, never the page. */
export function RawTranscript({ events, live = false }: RawTranscriptProps) {
  const lines = rawLines(events);
  const { box, onScroll } = useFollowEnd<HTMLPreElement>(lines.length, live);

  return (
    <pre
      ref={box}
      data-testid="raw-transcript"
      tabIndex={0}
      aria-label="Raw transcript, as a telnet window shows it"
      onScroll={onScroll}
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
