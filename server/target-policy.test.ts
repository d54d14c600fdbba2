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
    ["169.254.169.254", "linkLocal"],
    ["0.0.0.0", "unspecified"],
    ["255.255.255.255", "broadcast"],
    ["224.0.0.1", "multicast"],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["fe80::1", "linkLocal"],
    ["fd00:ec2::254", "uniqueLocal"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:10.0.0.1", "private"],
    ["::7f00:1", "loopback"],
    ["2002:7f00:1::", "loopback"],
    ["64:ff9b::a00:1", "private"],
  ])("refuses %s (%s) and names the rule and the setting", (address, rule) => {
    const d = policy.check(address, 25);
    expect(d).toMatchObject({ allowed: false, rule, setting: "HELODESK_ALLOWED_NETWORKS" });
    if (!d.allowed) expect(d.message).toMatch(/HELODESK_ALLOWED_NETWORKS/);
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
});
