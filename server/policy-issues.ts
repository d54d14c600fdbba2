import type { SessionRequest } from "@/lib/schemas/request";
import type { FieldIssue } from "@/lib/socket-contract";
import { readTarget } from "@/lib/target-reading";
import type { TargetPolicy } from "./target-policy";

/**
 * What the target policy refuses before anything is looked up or connected, each on the field that
 * holds it: the port, and a target (or, for a name, an MX host) typed as an IP address. The form shows
 * each next to its control; a name's addresses are judged by the engine once DNS has answered.
 */
export function policyIssues(request: Pick<SessionRequest, "target" | "mx" | "port">, policy: TargetPolicy): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const port = policy.checkPort(request.port);
  if (!port.allowed) issues.push({ path: "port", message: port.message });
  const target = readTarget(request.target);
  // An IP target is connected to as it is: the MX host is not used then.
  const literal = target.kind === "ip" ? { path: "target", reading: target } : request.mx ? { path: "mx", reading: readTarget(request.mx) } : null;
  if (literal?.reading.kind === "ip") {
    const address = policy.checkAddress(literal.reading.address);
    if (!address.allowed) issues.push({ path: literal.path, message: address.message });
  }
  return issues;
}
