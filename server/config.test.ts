import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config";

describe("settings", () => {
  it("has defaults that need no setup", () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ PORT: 3000, HOST: "127.0.0.1", HELODESK_ALLOWED_NETWORKS: [], HELODESK_DNS_SERVERS: [], HELODESK_GREETING_TIMEOUT_MS: 30_000 });
    expect(c.HELODESK_ALLOWED_PORTS).toEqual([25, 465, 587, 2525].map((p) => ({ from: p, to: p })));
  });

  it("reads lists and ranges", () => {
    const c = loadConfig({ HELODESK_DNS_SERVERS: "127.0.0.1:5353, [::1]:53", HELODESK_ALLOWED_PORTS: "25,2500-2599", HELODESK_ALLOWED_NETWORKS: "10.0.0.0/8,fd00::/8" });
    expect(c.HELODESK_DNS_SERVERS).toEqual(["127.0.0.1:5353", "[::1]:53"]);
    expect(c.HELODESK_ALLOWED_PORTS).toEqual([{ from: 25, to: 25 }, { from: 2500, to: 2599 }]);
    expect(c.HELODESK_ALLOWED_NETWORKS).toEqual(["10.0.0.0/8", "fd00::/8"]);
  });

  it.each([
    ["PORT", "http"],
    ["HELODESK_ALLOWED_NETWORKS", "10.0.0.0/33"],
    ["HELODESK_ALLOWED_PORTS", "25,99999"],
    ["HELODESK_ALLOWED_PORTS", "600-500"],
    ["HELODESK_DNS_SERVERS", "dns.example.com"],
    ["HELODESK_GREETING_TIMEOUT_MS", "5"],
    ["HELODESK_COMMAND_TIMEOUT_MS", "soon"],
    ["HELODESK_HELO_NAME", "bad name"],
  ])("stops on a bad %s with a message naming it", (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });
});
