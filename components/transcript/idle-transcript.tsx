"use client";

import { FOCUS_RING } from "./styles";
import { TranscriptToolbar, type TranscriptMode } from "./transcript-toolbar";

interface IdleTranscriptProps {
  mode: TranscriptMode;
  onMode(mode: TranscriptMode): void;
}

const none = () => "";

/**
 * RawView before any test, markup for markup (test/web/idle-transcript.test.ts compares them), without
 * the row renderers: the test page shows this until a test starts and loads RawView then.
 */
export function IdleTranscript({ mode, onMode }: IdleTranscriptProps) {
  return (
    <div className="min-w-0">
      <TranscriptToolbar mode={mode} onMode={onMode} rawText={none} annotatedText={none} />
      <div hidden={mode !== "annotated"}>
        <div data-testid="transcript">
          <div className="relative">
            <div
              role="log"
              aria-live="polite"
              aria-label="SMTP transcript"
              tabIndex={0}
              className={`max-h-[min(70vh,44rem)] min-h-24 overflow-y-auto overscroll-contain rounded-lg border border-slate-200 bg-slate-50 dark:border-slate-800 dark:bg-slate-900/60 ${FOCUS_RING}`}
            >
              <p className="px-3 py-4 text-sm text-slate-600 dark:text-slate-400">No test has run yet.</p>
            </div>
          </div>
        </div>
      </div>
      {mode === "raw" ? (
        <pre
          data-testid="raw-transcript"
          tabIndex={0}
          aria-label="Raw transcript, as a telnet window shows it"
          className={`max-h-[min(70vh,44rem)] min-h-24 max-w-full overflow-auto rounded-lg border border-slate-200 bg-white p-3 font-mono text-xs leading-5 whitespace-pre sm:text-sm dark:border-slate-800 dark:bg-slate-950 ${FOCUS_RING}`}
        >
          <span className="text-slate-600 dark:text-slate-400">Nothing on the wire yet.</span>
        </pre>
      ) : null}
      <div role="status" />
    </div>
  );
}
