import { describe, expect, it } from "vitest";
import { createTargetPolicy } from "./target-policy";

const policy = createTargetPolicy({ allowedNetworks: [], allowedPorts: [{ from: 25, to: 25 }, { from: 587, to: 587 }] });

describe("target policy", () => {
  it.each(["192.0.2.1", "203.0.113.9", "2001:db8::1"])("refuses documentation address %s", (a) => {
    expect(policy.check(a, 25).allowed).toBe(false);
  });

  it.each([
    ["127.0.0.1", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["192.168.1.1", "private"],
    ["100.64.0.1", "carrierGradeNat"],
    ["169.254.169.254", "metadata"],
    ["169.254.1.1", "linkLocal"],
    ["0.0.0.0", "unspecified"],
    ["255.255.255.255", "broadcast"],
    ["224.0.0.1", "multicast"],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["fe80::1", "linkLocal"],
    ["fd00:ec2::254", "metadata"],
    ["168.63.129.16", "metadata"],
    ["fd12::1", "uniqueLocal"],
    ["192.0.2.1", "documentation"],
    ["2001:db8::1", "documentation"],
    ["3fff::25", "documentation"],
    ["240.0.0.1", "reserved"],
    ["198.18.0.1", "reserved"],
    ["0.1.2.3", "unspecified"],
    ["fec0::1", "deprecatedSiteLocal"],
    ["4000::1", "notGlobalUnicast"],
    ["::808:808", "ipv4Compatible"],
    ["2001::1", "teredo"],
    ["64:ff9b:1::1", "rfc6052"],
    ["::ffff:0:7f00:1", "rfc6145"],
    ["fe80::1%eth0", "linkLocal"],
    ["::127.0.0.1", "loopback"],
    ["::8.8.8.8", "ipv4Compatible"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:10.0.0.1", "private"],
    ["::7f00:1", "loopback"],
    ["2002:7f00:1::", "loopback"],
    ["64:ff9b::a00:1", "private"],
  ])("refuses %s (%s) and names the rule and the setting", (address, rule) => {
    const d = policy.check(address, 25);
    expect(d).toMatchObject({ allowed: false, rule, setting: "HELODESK_ALLOWED_NETWORKS" });
    if (!d.allowed) expect(d.message).toMatch(new RegExp(`\\(the ${rule} rule\\); .*HELODESK_ALLOWED_NETWORKS`));
  });

  it("says which IPv4 address an IPv6 form carries", () => {
    const d = policy.check("64:ff9b::a00:1", 25);
    expect(d.allowed ? "" : d.message).toMatch(/^64:ff9b::a00:1 carries the IPv4 address 10\.0\.0\.1 inside it, and 10\.0\.0\.1 is a private .*\(the private rule\).*for example 64:ff9b::a00:1\/128/);
  });

  it.each(["0x7f.1", "2130706433", "127.1", "0177.0.0.1", "\uff11\uff12\uff17.0.0.1", "localhost", "", "[::1]"])(
    "refuses %j: only a literal in standard notation is checked, so the policy reads what the connect uses",
    (address) => {
      expect(policy.check(address, 25)).toMatchObject({ allowed: false, rule: "invalid" });
    },
  );

  it("refuses the port first and names HELODESK_ALLOWED_PORTS", () => {
    const d = policy.check("127.0.0.1", 8025);
    expect(d).toMatchObject({ allowed: false, rule: "port", setting: "HELODESK_ALLOWED_PORTS" });
    expect(d.allowed ? "" : d.message).toMatch(/port 8025 .*the port rule; allowed: 25, 587.*HELODESK_ALLOWED_PORTS/);
  });

  it("allows public unicast addresses on allowed ports only", () => {
    expect(policy.check("8.8.8.8", 25)).toEqual({ allowed: true });
    expect(policy.check("2a00:1450:4001:80b::201a", 587)).toEqual({ allowed: true });
    expect(policy.check("8.8.8.8", 8080)).toMatchObject({ allowed: false, rule: "port", setting: "HELODESK_ALLOWED_PORTS" });
  });

  it("opens listed networks, loopback included, and nothing else", () => {
    const onPrem = createTargetPolicy({ allowedNetworks: ["10.0.0.0/8", "127.0.0.1/32"], allowedPorts: [{ from: 25, to: 25 }] });
    expect(onPrem.check("10.9.8.7", 25).allowed).toBe(true);
    expect(onPrem.check("127.0.0.1", 25).allowed).toBe(true);
    expect(onPrem.check("127.0.0.2", 25).allowed).toBe(false);
    expect(onPrem.check("192.168.0.1", 25).allowed).toBe(false);
    expect(onPrem.check("::ffff:10.1.1.1", 25).allowed).toBe(true);
  });

  it("opens a metadata address only when it is listed exactly, never through a broad range", () => {
    const broad = createTargetPolicy({ allowedNetworks: ["169.254.0.0/16", "fd00::/8"], allowedPorts: [{ from: 25, to: 25 }] });
    expect(broad.check("169.254.10.1", 25).allowed).toBe(true);
    expect(broad.check("169.254.169.254", 25)).toMatchObject({ allowed: false, rule: "metadata" });
    expect(broad.check("fd00:ec2::254", 25)).toMatchObject({ allowed: false, rule: "metadata" });
    const exact = createTargetPolicy({ allowedNetworks: ["169.254.169.254/32"], allowedPorts: [{ from: 25, to: 25 }] });
    expect(exact.check("169.254.169.254", 25).allowed).toBe(true);
  });

  it("opens a listed NAT64 or 6to4 range to what it may carry, not to a metadata, loopback or private IPv4 address inside it", () => {
    const nat64 = createTargetPolicy({ allowedNetworks: ["64:ff9b::/96", "2002::/16", "::/0"], allowedPorts: [{ from: 25, to: 25 }] });
    // Public IPv4 through the translator: what listing the prefix is for.
    expect(nat64.check("64:ff9b::808:808", 25)).toEqual({ allowed: true });
    expect(nat64.check("2002:808:808::1", 25)).toEqual({ allowed: true });
    for (const [form, rule] of [
      ["64:ff9b::a9fe:a9fe", "metadata"],
      ["64:ff9b::a9fe:aa02", "metadata"],
      ["2002:a9fe:a9fe::", "metadata"],
      ["::a9fe:a9fe", "metadata"],
      ["64:ff9b::7f00:1", "loopback"],
      ["64:ff9b::a00:1", "private"],
    ] as const) {
      const d = nat64.check(form, 25);
      expect(d, form).toMatchObject({ allowed: false, rule });
      expect(d.allowed ? "" : d.message, form).toMatch(new RegExp(`^${form} carries the IPv4 address `));
    }
    // The IPv4 address listed as itself opens it inside the listed form too.
    const lab = createTargetPolicy({ allowedNetworks: ["64:ff9b::/96", "10.0.0.0/8", "169.254.169.254/32"], allowedPorts: [{ from: 25, to: 25 }] });
    expect(lab.check("64:ff9b::a00:1", 25)).toEqual({ allowed: true });
    expect(lab.check("64:ff9b::a9fe:a9fe", 25)).toEqual({ allowed: true });
  });

  it("keeps a NAT64 or 6to4 form refused even when its IPv4 address is listed", () => {
    const onPrem = createTargetPolicy({ allowedNetworks: ["10.0.0.0/8"], allowedPorts: [{ from: 25, to: 25 }] });
    expect(onPrem.check("64:ff9b::a00:1", 25)).toMatchObject({ allowed: false, rule: "rfc6052" });
    expect(onPrem.check("2002:a00:1::1", 25)).toMatchObject({ allowed: false, rule: "6to4" });
  });
});
