import { memo } from "react";
import { CopyButton } from "./copy-button";
import { FOCUS_RING } from "./styles";

export type TranscriptMode = "annotated" | "raw";

const MODES: { mode: TranscriptMode; label: string }[] = [
  { mode: "annotated", label: "Annotated" },
  { mode: "raw", label: "Raw" },
];

interface TranscriptToolbarProps {
  mode: TranscriptMode;
  onMode(mode: TranscriptMode): void;
  /** Called on click, so a long transcript is only turned into text when it is copied. */
  rawText(): string;
  annotatedText(): string;
}

/**
 * Annotated or raw, and a copy button for each: above the transcript, with or without a session.
 * Memoised: its props do not change with each event of a live session.
 */
export const TranscriptToolbar = memo(function TranscriptToolbar({ mode, onMode, rawText, annotatedText }: TranscriptToolbarProps) {
  return (
    <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
      <div role="group" aria-label="Transcript view" className="inline-flex rounded-md border border-slate-300 p-0.5 dark:border-slate-700">
        {MODES.map(({ mode: m, label }) => (
          <button
            key={m}
            type="button"
            aria-pressed={mode === m}
            onClick={() => onMode(m)}
            className={`rounded px-3 py-1 text-sm font-medium ${FOCUS_RING} ${
              mode === m ? "bg-slate-800 text-white dark:bg-slate-200 dark:text-slate-900" : "text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
            }`}
          >
            {label}
          </button>
        ))}
      </div>
      <div className="flex flex-wrap gap-2">
        <CopyButton label="Copy raw" srSuffix="transcript, as sent on the wire" getText={rawText} />
        <CopyButton label="Copy annotated" srSuffix="transcript, with explanations" getText={annotatedText} />
      </div>
    </div>
  );
});
