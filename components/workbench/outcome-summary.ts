import { cancelledEarly } from "@/lib/cancelled-early";
import { inert } from "@/lib/inert-text";
import type { CloseEvent } from "@/lib/schemas/events";
import type { Check } from "@/lib/schemas/check";
import type { Outcome } from "@/lib/schemas/session";
import { sentence } from "@/lib/sentence";

export interface OutcomeSummary {
  label: "PASS" | "WARN" | "FAIL" | "ERROR" | "ENDED" | "CANCELLED";
  /** The colour of the verdict: a cancelled test is drawn neutral whatever its checks said. */
  tone: Outcome | "none";
  sentence: string;
  /** Why the session closed, as the engine put it, when that adds something. */
  detail: string | null;
}

const ERROR_BY_REASON: Partial<Record<CloseEvent["reason"], string>> = {
  "connect-failed": "HeloDesk could not connect to the mail server.",
  timeout: "The server stopped answering before the test could finish.",
  refused: "HeloDesk is not allowed to test this address or port.",
  "protocol-error": "The server answered with something that is not SMTP.",
  "peer-closed": "The server closed the connection before the test could finish.",
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

// The close detail can quote the server: shown inert, like every server text.
const asSentence = (s: string) => sentence(inert(s.trim())) || null;

/** The verdict in one word and one sentence, from the outcome, the checks and why the session closed. */
export function summarizeOutcome(outcome: Outcome | null, checks: readonly Check[], close: CloseEvent | null): OutcomeSummary {
  const failed = checks.filter((c) => c.status === "fail").length;
  const warned = checks.filter((c) => c.status === "warn").length;
  const detail = close && outcome !== "pass" && close.detail !== "session complete" ? asSentence(close.detail) : null;
  // A cancelled test proves nothing either way, and whoever reads the share link did not cancel it.
  if (cancelledEarly({ closeReason: close?.reason, outcome })) {
    return { label: "CANCELLED", tone: "none", sentence: "Cancelled before it finished: nothing was concluded.", detail: null };
  }
  switch (outcome) {
    case "pass":
      return { label: "PASS", tone: "pass", sentence: "Every check passed: the server answered the way a healthy mail server should.", detail: null };
    case "warn":
      return { label: "WARN", tone: "warn", sentence: `The test finished, with ${warned > 0 ? plural(warned, "warning", "warnings") : "warnings"} worth a look: see the report card below.`, detail };
    case "fail":
      return {
        label: "FAIL",
        tone: "fail",
        sentence: `${failed > 0 ? `${plural(failed, "check", "checks")} failed` : "The test failed"}: the report card and the explained replies below say what went wrong and what to do.`,
        detail,
      };
    case "error":
      return { label: "ERROR", tone: "error", sentence: (close && ERROR_BY_REASON[close.reason]) ?? "The test could not finish.", detail };
    default:
      return { label: "ENDED", tone: "none", sentence: "The session ended without a result: the server restarted or the session was lost.", detail };
  }
}
