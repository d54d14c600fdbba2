import { isIpv4, isIpv6 } from "./schemas/primitives";

export type TargetReading = { kind: "ip"; address: string } | { kind: "name"; name: string };

/**
 * A target as the user typed it, read once for everyone who judges it: brackets dropped from IPv6,
 * and IPv4 in unusual notation (2130706433, 0x7f.1, 0177.0.0.1) read the way the WHATWG URL parser
 * reads it, so what the policy checks, what the engine connects to and what the checks call an
 * address are the same thing.
 */
export function readTarget(target: string): TargetReading {
  const t = target.trim().replace(/\.$/, "");
  const unbracketed = t.startsWith("[") && t.endsWith("]") ? t.slice(1, -1) : t;
  // One pair of brackets only: isIpv6 would take off a second.
  if (!unbracketed.startsWith("[") && (isIpv4(unbracketed) || isIpv6(unbracketed))) return { kind: "ip", address: unbracketed.toLowerCase() };
  let hostname: string;
  try {
    hostname = new URL(`http://${t}/`).hostname;
  } catch {
    return { kind: "name", name: t.toLowerCase() };
  }
  if (isIpv4(hostname)) return { kind: "ip", address: hostname };
  return { kind: "name", name: hostname };
}
