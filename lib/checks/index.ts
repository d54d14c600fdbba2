import type { Check } from "../schemas/check";
import type { CloseReason } from "../schemas/events";
import type { Outcome } from "../schemas/session";
import { connectionChecks } from "./connection-checks";
import { type CheckInput, factsOf } from "./facts";
import { tlsChecks } from "./tls-checks";
import { authCheck, dsnCheck, endCheck, helloCheck, messageCheck, relayCheck, timingChecks } from "./transaction-checks";

export type { CheckInput } from "./facts";

const ORDER: Record<Check["status"], number> = { fail: 0, warn: 1, pass: 2, info: 3 };

/** Sums a session up the way an admin reads it; failures first. */
export function computeChecks(input: CheckInput): Check[] {
  const f = factsOf(input);
  const steps = [...connectionChecks(f), ...helloCheck(f), ...tlsChecks(f), ...authCheck(f), ...relayCheck(f), ...messageCheck(f), ...dsnCheck(f)];
  // One cause, one failure: when a step already failed for it (a 421 greeting, a handshake that
  // broke), how the session ended is told, not counted again.
  const failed = steps.some((c) => c.status === "fail");
  const end = endCheck(f).map((c): Check => (failed && c.status === "fail" ? { ...c, status: "info" } : c));
  const checks = [...steps, ...end, ...timingChecks(f)];
  const seen = new Set<string>();
  return checks
    .filter((c) => (seen.has(c.id) ? false : (seen.add(c.id), true)))
    .map((c, i) => ({ c, i }))
    .sort((a, b) => ORDER[a.c.status] - ORDER[b.c.status] || a.i - b.i)
    .map(({ c }) => c);
}

/** error: the test could not run to its end; otherwise the worst check. */
export function outcomeOf(checks: Check[], reason: CloseReason): Outcome {
  if (reason === "connect-failed" || reason === "refused" || reason === "timeout" || reason === "protocol-error") return "error";
  if (checks.some((c) => c.status === "fail")) return "fail";
  if (checks.some((c) => c.status === "warn") || reason === "cancelled") return "warn";
  return "pass";
}
