import { isIP } from "node:net";
import ipaddr from "ipaddr.js";
import type { PortRange } from "./config";

export type PolicyDecision =
  | { allowed: true }
  | { allowed: false; rule: string; setting: string; message: string };

export interface TargetPolicy {
  /** `address` must be the literal the connect will use: standard notation only, never a name. */
  check(address: string, port: number): PolicyDecision;
  /** The port alone: known before anything is looked up. */
  checkPort(port: number): PolicyDecision;
  /** The address alone, read as check() reads it. */
  checkAddress(address: string): PolicyDecision;
}

export interface TargetPolicyOptions {
  allowedNetworks: string[];
  allowedPorts: PortRange[];
}

type Ip = ipaddr.IPv4 | ipaddr.IPv6;

/** Plain words per rule; ipaddr.js range names plus HeloDesk's own (metadata, documentation, ...). */
const RULE_WORDS: Record<string, string> = {
  loopback: "a loopback address",
  private: "a private (RFC 1918) address",
  linkLocal: "a link-local address",
  uniqueLocal: "a unique-local IPv6 address",
  multicast: "a multicast address",
  broadcast: "the broadcast address",
  unspecified: "an unspecified (\"this network\") address",
  carrierGradeNat: "a carrier-grade NAT (100.64.0.0/10) address",
  reserved: "a reserved address",
  documentation: "a documentation address (RFC 5737 / RFC 3849 / RFC 9637)",
  metadata: "a cloud metadata service address",
  notGlobalUnicast: "an IPv6 address outside the global unicast range 2000::/3",
  ipv4Compatible: "a deprecated IPv4-compatible IPv6 address (::/96)",
  ipv4Mapped: "an IPv4-mapped IPv6 address",
  rfc6145: "an IPv4-translated address",
  rfc6052: "a NAT64 address",
  "6to4": "a 6to4 address",
  teredo: "a Teredo address",
  benchmarking: "a benchmarking address",
  amt: "an AMT address",
  as112: "an AS112 address",
  as112v6: "an AS112 address",
  deprecated: "a deprecated address",
  deprecatedOrchid: "a deprecated ORCHID address",
  deprecatedSiteLocal: "a deprecated site-local IPv6 address",
  orchid2: "an ORCHIDv2 address",
  segmentRouting: "an SRv6 segment routing address",
  droneRemoteIdProtocolEntityTags: "a reserved address",
  discard: "a discard-only address",
};

const cidrs = (list: string[]) => list.map((c) => ipaddr.parseCIDR(c));
const DOCUMENTATION = cidrs(["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "233.252.0.0/24", "2001:db8::/32", "3fff::/20"]);
// AWS/GCP/Azure/OpenStack 169.254.169.254, AWS ECS 169.254.170.2, AWS IPv6 fd00:ec2::254, Azure WireServer
// 168.63.129.16 (a public address, reachable only inside Azure), Alibaba 100.100.100.200.
const METADATA = cidrs(["169.254.169.254/32", "169.254.170.2/32", "fd00:ec2::254/128", "168.63.129.16/32", "100.100.100.200/32"]);
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR("2000::/3");

const inAny = (ip: Ip, list: [Ip, number][]) => list.some(([net, bits]) => net.kind() === ip.kind() && ip.match(net, bits));

/**
 * The single gate every TCP connect passes. Public unicast addresses are allowed; anything else only
 * when HELODESK_ALLOWED_NETWORKS lists it. Metadata services are opened only by listing the exact
 * address: a broad range such as 169.254.0.0/16 for on-premises gear must not expose instance credentials.
 */
export function createTargetPolicy(options: TargetPolicyOptions): TargetPolicy {
  const networks = cidrs(options.allowedNetworks);
  const portAllowed = (port: number) => options.allowedPorts.some((r) => port >= r.from && port <= r.to);
  const portList = options.allowedPorts.map((r) => (r.from === r.to ? String(r.from) : `${r.from}-${r.to}`)).join(", ");

  /** `outer` is the IPv6 form that carried `ip`: the message starts from it, and listing it is what opens it. */
  const refuse = (ip: Ip, rule: string, outer?: Ip): PolicyDecision => {
    const listed = outer ?? ip;
    const carried = outer ? `${outer.toString()} carries the IPv4 address ${ip.toString()} inside it, and ` : "";
    return {
      allowed: false,
      rule,
      setting: "HELODESK_ALLOWED_NETWORKS",
      message: `${carried}${ip.toString()} is ${RULE_WORDS[rule] ?? `a ${rule} address`} (the ${rule} rule); HeloDesk connects only to public addresses unless HELODESK_ALLOWED_NETWORKS lists it (for example ${listed.toString()}/${listed.kind() === "ipv4" ? 32 : 128})`,
    };
  };

  const judgeIp = (ip: Ip, outer?: Ip): PolicyDecision => {
    if (inAny(ip, METADATA)) {
      const exact = networks.some(([net, bits]) => bits === (ip.kind() === "ipv4" ? 32 : 128) && net.kind() === ip.kind() && ip.match(net, bits));
      return exact ? { allowed: true } : refuse(ip, "metadata", outer);
    }
    const embedded = embeddedIpv4(ip);
    // A listed IPv4 address inside an IPv6 form passes here; the form itself is judged by the caller.
    // A listed NAT64 or 6to4 range opens the form, not whatever it carries: the IPv4 address inside
    // is judged as itself, so 64:ff9b::/96 reaches public hosts, and a metadata, loopback or private
    // address only when it is listed too.
    if (inAny(ip, networks)) return embedded ? judgeIp(embedded, ip) : { allowed: true };
    if (embedded) {
      const inner = judgeIp(embedded, ip);
      if (!inner.allowed) return inner;
    }
    if (inAny(ip, DOCUMENTATION)) return refuse(ip, "documentation", outer);
    const range = ip.range();
    if (range !== "unicast") return refuse(ip, range, outer);
    if (ip.kind() === "ipv6") {
      if (embedded) return refuse(ip, "ipv4Compatible");
      if (!ip.match(GLOBAL_UNICAST_V6)) return refuse(ip, "notGlobalUnicast");
    }
    return { allowed: true };
  };

  const checkPort = (port: number): PolicyDecision =>
    portAllowed(port)
      ? { allowed: true }
      : {
          allowed: false,
          rule: "port",
          setting: "HELODESK_ALLOWED_PORTS",
          message: `port ${port} is not one HeloDesk may connect to (the port rule; allowed: ${portList}); add it to HELODESK_ALLOWED_PORTS to allow it`,
        };

  const checkAddress = (address: string): PolicyDecision => {
    // Standard notation only (what net.connect takes without resolving): a legacy form such as
    // 0x7f.1 must have been normalised by the caller, so the policy and the connect read it alike.
    if (isIP(address) === 0 || !ipaddr.isValid(address)) {
      return { allowed: false, rule: "invalid", setting: "", message: `${address} is not an IP address in standard notation (the invalid rule)` };
    }
    return judgeIp(parseAsNodeDoes(address));
  };

  return {
    check(address, port) {
      const byPort = checkPort(port);
      return byPort.allowed ? checkAddress(address) : byPort;
    },
    checkPort,
    checkAddress,
  };
}

/**
 * ipaddr.js reads the dotted IPv4-compatible form ::127.0.0.1 as ::ffff:127.0.0.1, while the connect
 * goes to ::7f00:1; the WHATWG URL parser reads IPv6 text as inet_pton does, so it goes first. Then
 * process() turns ::ffff:a.b.c.d into a.b.c.d: a mapped address is that IPv4 host on a dual-stack socket.
 */
function parseAsNodeDoes(address: string): Ip {
  if (isIP(address) === 4) return ipaddr.IPv4.parse(address);
  const bare = address.replace(/%.*$/, "");
  return ipaddr.process(new URL(`http://[${bare}]/`).hostname.slice(1, -1));
}

/**
 * IPv6 forms that carry an IPv4 address: IPv4-compatible ::a.b.c.d (which ipaddr.js rates as plain
 * unicast), 6to4 2002:AABB:CCDD::/16 and NAT64 64:ff9b::/96. The embedded address is checked too, so
 * the refusal names what it really points at (::7f00:1 is refused as loopback).
 */
function embeddedIpv4(ip: Ip): ipaddr.IPv4 | null {
  if (ip.kind() !== "ipv6") return null;
  const parts = (ip as ipaddr.IPv6).parts;
  const v4 = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  if (parts.slice(0, 6).every((p) => p === 0) && (parts[6] !== 0 || parts[7]! > 1)) return v4(parts[6]!, parts[7]!);
  if (parts[0] === 0x2002) return v4(parts[1]!, parts[2]!);
  if (parts[0] === 0x64 && parts[1] === 0xff9b && parts.slice(2, 6).every((p) => p === 0)) return v4(parts[6]!, parts[7]!);
  return null;
}
