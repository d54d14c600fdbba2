import type { CloseReason } from "./schemas/events";
import type { Outcome } from "./schemas/session";

/**
 * Cancelled before it got to a verdict: the checks judged only what came before, so the page and the
 * exports say CANCELLED (a cancelled test that had already passed everything keeps its PASS).
 */
export function cancelledEarly({ closeReason, outcome }: { closeReason: CloseReason | null | undefined; outcome: Outcome | null }): boolean {
  return closeReason === "cancelled" && outcome !== null && outcome !== "pass";
}
