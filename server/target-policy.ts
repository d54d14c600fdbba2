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
