import ipaddr from "ipaddr.js";

/**
 * The client's address for limits and logs. The TCP peer, unless the peer is one of
 * HELODESK_TRUSTED_PROXIES: then X-Forwarded-For is read from the right, skipping trusted proxies,
 * and the first address not trusted is the client. Entries left of it were written by the client
 * and are never believed.
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined, trusted: readonly string[]): string {
  const start = peer ?? "unknown";
  if (trusted.length === 0 || !isTrusted(start, trusted)) return plain(start);
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? ""))
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (!ipaddr.isValid(hop)) return plain(start); // a malformed hop: fall back to the proxy itself
    if (!isTrusted(hop, trusted)) return plain(hop);
  }
  return plain(hops[0] ?? start);
}

/** `::ffff:192.0.2.1` (a dual-stack socket's view of an IPv4 peer) counts as 192.0.2.1. */
function plain(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const ip = ipaddr.parse(address);
  return ip.kind() === "ipv6" && (ip as ipaddr.IPv6).isIPv4MappedAddress() ? (ip as ipaddr.IPv6).toIPv4Address().toString() : ip.toString();
}

function isTrusted(address: string, trusted: readonly string[]): boolean {
  if (!ipaddr.isValid(address)) return false;
  const ip = ipaddr.parse(plain(address));
  return trusted.some((cidr) => {
    const [range, bits] = ipaddr.parseCIDR(cidr);
    return range.kind() === ip.kind() && ip.match(range, bits);
  });
}
