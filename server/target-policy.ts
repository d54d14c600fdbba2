import ipaddr from "ipaddr.js";
import type { PortRange } from "./config";

export type PolicyDecision =
  | { allowed: true }
  | { allowed: false; rule: string; setting: string; message: string };

export interface TargetPolicy {
  check(address: string, port: number): PolicyDecision;
}

export interface TargetPolicyOptions {
  allowedNetworks: string[];
  allowedPorts: PortRange[];
}

/** Plain words for ipaddr.js range names. */
const RANGE_WORDS: Record<string, string> = {
  loopback: "a loopback address",
  private: "a private (RFC 1918) address",
  linkLocal: "a link-local address",
  uniqueLocal: "a unique-local IPv6 address",
  multicast: "a multicast address",
  broadcast: "the broadcast address",
  unspecified: "the unspecified address",
  carrierGradeNat: "a carrier-grade NAT (100.64.0.0/10) address",
  reserved: "a reserved address",
  ipv4Mapped: "an IPv4-mapped IPv6 address",
  rfc6145: "an IPv4-translated address",
  rfc6052: "a NAT64 address",
  "6to4": "a 6to4 address",
  teredo: "a Teredo address",
  benchmarking: "a benchmarking address",
  amt: "an AMT address",
  as112: "an AS112 address",
  deprecated: "a deprecated address",
  orchid2: "an ORCHIDv2 address",
  droneRemoteIdProtocolEntityTags: "a reserved address",
  discard: "a discard-only address",
};

/**
 * The single gate every TCP connect passes. Public unicast addresses are allowed; anything else only
 * when HELODESK_ALLOWED_NETWORKS lists it. The safety issue extends the refused forms (NAT64, ::/96...).
 */
export function createTargetPolicy(options: TargetPolicyOptions): TargetPolicy {
  const networks = options.allowedNetworks.map((cidr) => ipaddr.parseCIDR(cidr));
  const portAllowed = (port: number) => options.allowedPorts.some((r) => port >= r.from && port <= r.to);
  const portList = options.allowedPorts.map((r) => (r.from === r.to ? String(r.from) : `${r.from}-${r.to}`)).join(", ");

  return {
    check(address, port) {
      if (!portAllowed(port)) {
        return {
          allowed: false,
          rule: "port",
          setting: "HELODESK_ALLOWED_PORTS",
          message: `port ${port} is not one HeloDesk may connect to (allowed: ${portList}); add it to HELODESK_ALLOWED_PORTS to allow it`,
        };
      }
      if (!ipaddr.isValid(address)) {
        return { allowed: false, rule: "invalid", setting: "", message: `${address} is not an IP address` };
      }
      const ip = ipaddr.process(address);
      const listed = networks.some(([net, bits]) => net.kind() === ip.kind() && ip.match(net, bits));
      if (listed) return { allowed: true };
      const embedded = embeddedIpv4(ip);
      if (embedded) {
        const inner = this.check(embedded.toString(), port);
        if (!inner.allowed) return { ...inner, message: `${ip.toString()} carries the IPv4 address ${embedded.toString()} inside it: ${inner.message}` };
      }
      const range = ip.range();
      if (range === "unicast") return { allowed: true };
      const words = RANGE_WORDS[range] ?? `a ${range} address`;
      return {
        allowed: false,
        rule: range,
        setting: "HELODESK_ALLOWED_NETWORKS",
        message: `${ip.toString()} is ${words}; HeloDesk connects only to public addresses unless HELODESK_ALLOWED_NETWORKS lists the range (for example ${ip.kind() === "ipv4" ? `${ip.toString()}/32` : `${ip.toString()}/128`})`,
      };
    },
  };
}

/**
 * IPv6 forms that carry an IPv4 address: IPv4-compatible ::a.b.c.d (which ipaddr.js rates as plain
 * unicast), 6to4 2002:AABB:CCDD::/16 and NAT64 64:ff9b::/96. The embedded address is checked too.
 */
function embeddedIpv4(ip: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | null {
  if (ip.kind() !== "ipv6") return null;
  const parts = (ip as ipaddr.IPv6).parts;
  const v4 = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  if (parts.slice(0, 6).every((p) => p === 0) && (parts[6] !== 0 || parts[7]! > 1)) return v4(parts[6]!, parts[7]!);
  if (parts[0] === 0x2002) return v4(parts[1]!, parts[2]!);
  if (parts[0] === 0x64 && parts[1] === 0xff9b && parts.slice(2, 6).every((p) => p === 0)) return v4(parts[6]!, parts[7]!);
  return null;
}
