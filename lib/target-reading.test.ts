import { describe, expect, it } from "vitest";
import { readTarget } from "./target-reading";

describe("readTarget", () => {
  it("reads addresses in any notation as the address the connect uses", () => {
    expect(readTarget("0x7f.1")).toEqual({ kind: "ip", address: "127.0.0.1" });
    expect(readTarget("2130706433")).toEqual({ kind: "ip", address: "127.0.0.1" });
    expect(readTarget("[2001:DB8::25]")).toEqual({ kind: "ip", address: "2001:db8::25" });
    expect(readTarget("fe80::1%eth0")).toEqual({ kind: "ip", address: "fe80::1%eth0" });
  });

  it("reads names as names, and nothing node:net would not take as an address", () => {
    expect(readTarget("Mail.Example.COM.")).toEqual({ kind: "name", name: "mail.example.com" });
    // node:net refuses this zone id: not an address, so never judged as one.
    expect(readTarget("fe80::1%eth_0").kind).toBe("name");
    // One pair of brackets, not two.
    expect(readTarget("[[::1]]").kind).toBe("name");
  });
});
