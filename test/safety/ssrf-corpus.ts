/**
 * Targets a public HeloDesk must refuse (issue 6, "Target policy"). `literal` is what a user types;
 * `address` is what it means, served as the A or AAAA answer of a test host name; `rule` is the policy
 * rule whose name the refusal must carry. For embedded forms (NAT64, 6to4, ::/96) the rule is that of
 * the IPv4 address inside, which is the one the refusal explains.
 */
export interface CorpusEntry {
  literal: string;
  address: string;
  rule: string;
}

const same = (address: string, rule: string): CorpusEntry => ({ literal: address, address, rule });

export const SSRF_CORPUS: CorpusEntry[] = [
  // loopback
  same("127.0.0.1", "loopback"),
  same("127.53.1.9", "loopback"),
  same("::1", "loopback"),
  // RFC 1918, CGNAT
  same("10.0.0.1", "private"),
  same("172.16.5.4", "private"),
  same("172.31.255.254", "private"),
  same("192.168.1.1", "private"),
  same("100.64.0.1", "carrierGradeNat"),
  same("100.127.255.254", "carrierGradeNat"),
  // link-local and cloud metadata
  same("169.254.10.20", "linkLocal"),
  same("fe80::1", "linkLocal"),
  same("169.254.169.254", "metadata"),
  same("169.254.170.2", "metadata"),
  same("fd00:ec2::254", "metadata"),
  same("168.63.129.16", "metadata"),
  same("100.100.100.200", "metadata"),
  // multicast, broadcast, reserved, documentation, unspecified
  same("224.0.0.1", "multicast"),
  same("239.255.255.250", "multicast"),
  same("ff02::1", "multicast"),
  same("255.255.255.255", "broadcast"),
  same("240.0.0.1", "reserved"),
  same("192.0.0.8", "reserved"),
  same("198.18.0.1", "reserved"),
  same("192.0.2.25", "documentation"),
  same("198.51.100.25", "documentation"),
  same("203.0.113.25", "documentation"),
  same("2001:db8::25", "documentation"),
  same("3fff::25", "documentation"),
  same("0.0.0.0", "unspecified"),
  same("0.1.2.3", "unspecified"),
  same("::", "unspecified"),
  // unique-local and other non-global IPv6
  same("fd12:3456::1", "uniqueLocal"),
  same("fc00::1", "uniqueLocal"),
  same("fec0::1", "deprecatedSiteLocal"),
  same("4000::1", "notGlobalUnicast"),
  same("2001::1", "teredo"),
  // IPv4-mapped, IPv4-compatible, 6to4, NAT64 and IPv4-translated forms
  same("::ffff:127.0.0.1", "loopback"),
  same("::ffff:7f00:1", "loopback"),
  same("::ffff:10.0.0.1", "private"),
  same("::ffff:169.254.169.254", "metadata"),
  same("::127.0.0.1", "loopback"),
  same("::a00:1", "private"),
  same("::8.8.8.8", "ipv4Compatible"),
  same("2002:7f00:1::1", "loopback"),
  same("2002:a9fe:a9fe::1", "metadata"),
  same("2002:c0a8:101::1", "private"),
  same("64:ff9b::7f00:1", "loopback"),
  same("64:ff9b::a9fe:a9fe", "metadata"),
  same("64:ff9b::808:808", "rfc6052"),
  same("64:ff9b:1::a00:1", "rfc6052"),
  same("::ffff:0:7f00:1", "rfc6145"),
  // unusual notations, read the way the WHATWG URL parser (and inet_aton) reads them
  { literal: "2130706433", address: "127.0.0.1", rule: "loopback" },
  { literal: "0177.0.0.1", address: "127.0.0.1", rule: "loopback" },
  { literal: "0x7f.1", address: "127.0.0.1", rule: "loopback" },
  { literal: "0x7F000001", address: "127.0.0.1", rule: "loopback" },
  { literal: "017700000001", address: "127.0.0.1", rule: "loopback" },
  { literal: "127.1", address: "127.0.0.1", rule: "loopback" },
  { literal: "127.0.0.1.", address: "127.0.0.1", rule: "loopback" },
  { literal: "\uff11\uff12\uff17.\uff10.\uff10.\uff11", address: "127.0.0.1", rule: "loopback" },
  { literal: "0", address: "0.0.0.0", rule: "unspecified" },
  { literal: "0xa9.0xfe.0xa9.0xfe", address: "169.254.169.254", rule: "metadata" },
  { literal: "2852039166", address: "169.254.169.254", rule: "metadata" },
  { literal: "012.0.0.1", address: "10.0.0.1", rule: "private" },
  { literal: "3232235777", address: "192.168.1.1", rule: "private" },
  { literal: "[::1]", address: "::1", rule: "loopback" },
  { literal: "[::ffff:127.0.0.1]", address: "::ffff:127.0.0.1", rule: "loopback" },
  { literal: "0:0:0:0:0:0:0:1", address: "::1", rule: "loopback" },
  { literal: "FE80::1", address: "fe80::1", rule: "linkLocal" },
];
