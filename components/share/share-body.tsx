import { SessionPanels } from "@/components/panels/session-panels";
import { RawView } from "@/components/transcript/raw-view";
import type { SessionEvent } from "@/lib/schemas/events";
import type { Outcome, SessionDocument } from "@/lib/schemas/session";
import { ShareVerdict } from "./share-verdict";

interface ShareBodyProps {
  state: SessionDocument["state"];
  outcome: Outcome | null;
  events: SessionEvent[];
}

/**
 * The verdict, transcript and panels of a shared session. No hooks: a finished session renders it
 * on the server, so only the transcript's own controls ship to the browser; LiveShare renders the
 * same markup in the browser for a session still running.
 */
export function ShareBody({ state, outcome, events }: ShareBodyProps) {
  const status = state === "running" ? "running" : "finished";
  return (
    <div className="space-y-6">
      <div aria-live="polite">
        <ShareVerdict state={state} outcome={outcome} events={events} />
      </div>
      <section aria-labelledby="transcript-title" className="min-w-0 space-y-2">
        <h2 id="transcript-title" className="text-lg font-semibold">
          Transcript
        </h2>
        <RawView events={events} status={status} />
      </section>
      <SessionPanels events={events} outcome={outcome} />
    </div>
  );
}
