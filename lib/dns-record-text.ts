import type { SessionEvent } from "./schemas/events";

type DnsRecord = Extract<SessionEvent, { type: "dns" }>["records"][number];

/**
 * A record's value as a person reads it. An MX whose exchange is empty is a null MX (RFC 7505: "0 .",
 * the domain takes no mail); shown as "." with what it means, not as nothing.
 */
export function dnsValueText(r: DnsRecord): string {
  if (r.priority !== undefined && (r.value === "" || r.value === ".")) return ". (null MX: no mail accepted)";
  return r.value;
}

/** A record on one line: "10 mx.example.com", "0 . (null MX: no mail accepted)", "192.0.2.25". */
export function dnsRecordText(r: DnsRecord): string {
  return r.priority !== undefined ? `${r.priority} ${dnsValueText(r)}` : r.value;
}
