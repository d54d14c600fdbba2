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

describe("store settings", () => {
  it("defaults to SQLite under ./data, kept 30 days", () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ HELODESK_DATA_DIR: "./data", HELODESK_RETENTION_DAYS: 30 });
    expect(c.DATABASE_URL).toBeUndefined();
  });

  it("takes a postgres:// or postgresql:// URL, and treats an empty one as unset", () => {
    expect(loadConfig({ DATABASE_URL: "postgres://u:p@127.0.0.1:5432/helodesk" }).DATABASE_URL).toBe("postgres://u:p@127.0.0.1:5432/helodesk");
    expect(loadConfig({ DATABASE_URL: "postgresql://127.0.0.1/helodesk" }).DATABASE_URL).toBe("postgresql://127.0.0.1/helodesk");
    expect(loadConfig({ DATABASE_URL: "" }).DATABASE_URL).toBeUndefined();
    expect(loadConfig({ HELODESK_DATA_DIR: "/var/lib/helodesk", HELODESK_RETENTION_DAYS: "7" })).toMatchObject({ HELODESK_DATA_DIR: "/var/lib/helodesk", HELODESK_RETENTION_DAYS: 7 });
  });

  it.each([
    ["DATABASE_URL", "mysql://127.0.0.1/helodesk"],
    ["DATABASE_URL", "127.0.0.1:5432"],
    ["DATABASE_URL", "postgresql://u:p@127.0.0.1:port/helodesk"],
    ["HELODESK_RETENTION_DAYS", "0"],
    ["HELODESK_RETENTION_DAYS", "366"],
    ["HELODESK_RETENTION_DAYS", "1.5"],
    ["HELODESK_RETENTION_DAYS", "forever"],
  ])("stops on a bad %s (%s) with a message naming it", (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });

  it("never repeats the database password in its message", () => {
    expect(() => loadConfig({ DATABASE_URL: "mysql://u:s3cret@db/x" })).toThrow(/^(?!.*s3cret)/s);
  });
});

describe("abuse and hardening settings", () => {
  it("has defaults: limits on, public mode and access token off", () => {
    expect(loadConfig({})).toMatchObject({
      HELODESK_PUBLIC: false,
      HELODESK_ALLOW_SEND: false,
      HELODESK_SESSIONS_PER_MINUTE: 20,
      HELODESK_SESSIONS_BURST: 5,
      HELODESK_MAX_CONCURRENT_SESSIONS: 50,
      HELODESK_MAX_SESSIONS_PER_CLIENT: 5,
      HELODESK_TARGET_SESSIONS_PER_MINUTE: 30,
      HELODESK_NETWORK_SESSIONS_PER_MINUTE: 60,
      HELODESK_MAX_RECIPIENTS: 10,
      HELODESK_MAX_MESSAGE_BYTES: 131072,
      HELODESK_MESSAGES_PER_HOUR: 20,
      HELODESK_MAX_VRFY_PER_SESSION: 5,
      HELODESK_PROBES_PER_HOUR: 100,
      HELODESK_SOCKET_EVENTS_PER_SECOND: 20,
      HELODESK_ALLOWED_ORIGINS: [],
    });
    expect(loadConfig({}).HELODESK_ACCESS_TOKEN).toBeUndefined();
    expect(loadConfig({ REDIS_URL: "" }).REDIS_URL).toBeUndefined();
  });

  it("reads flags, origins, a token and a Redis URL", () => {
    const c = loadConfig({
      HELODESK_PUBLIC: "1",
      HELODESK_ALLOW_SEND: "true",
      HELODESK_ALLOWED_ORIGINS: "https://helodesk.example.com, http://127.0.0.1:3000/",
      HELODESK_ACCESS_TOKEN: "s3cret-token-0123456789",
      REDIS_URL: "redis://127.0.0.1:6379",
    });
    expect(c).toMatchObject({ HELODESK_PUBLIC: true, HELODESK_ALLOW_SEND: true, REDIS_URL: "redis://127.0.0.1:6379" });
    expect(c.HELODESK_ALLOWED_ORIGINS).toEqual(["https://helodesk.example.com", "http://127.0.0.1:3000"]);
    expect(loadConfig({ HELODESK_PUBLIC: "0" }).HELODESK_PUBLIC).toBe(false);
  });

  it.each([
    ["HELODESK_PUBLIC", "maybe"],
    ["HELODESK_SESSIONS_PER_MINUTE", "0"],
    ["HELODESK_SESSIONS_BURST", "many"],
    ["HELODESK_MAX_CONCURRENT_SESSIONS", "1.5"],
    ["HELODESK_MAX_RECIPIENTS", "51"],
    ["HELODESK_MAX_MESSAGE_BYTES", "10"],
    ["HELODESK_MESSAGES_PER_HOUR", "-1"],
    ["HELODESK_ALLOWED_ORIGINS", "https://helodesk.example.com/path"],
    ["HELODESK_ALLOWED_ORIGINS", "helodesk.example.com"],
    ["HELODESK_ACCESS_TOKEN", "short"],
    ["HELODESK_ACCESS_TOKEN", "has spaces in it, sadly"],
    ["REDIS_URL", "127.0.0.1:6379"],
  ])("stops on a bad %s (%s) with a message naming it", (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });

  it("never repeats the access token in its message", () => {
    expect(() => loadConfig({ HELODESK_ACCESS_TOKEN: "bad token with spaces xyz" })).toThrow(/^(?!.*with spaces)/s);
  });
});

describe("share link settings", () => {
  it("takes the public URL users open, without a trailing slash, and none by default", () => {
    expect(loadConfig({}).HELODESK_PUBLIC_URL).toBeUndefined();
    expect(loadConfig({ HELODESK_PUBLIC_URL: "https://helodesk.example.com/" }).HELODESK_PUBLIC_URL).toBe("https://helodesk.example.com");
    expect(loadConfig({ HELODESK_PUBLIC_URL: "http://127.0.0.1:3000/helodesk" }).HELODESK_PUBLIC_URL).toBe("http://127.0.0.1:3000/helodesk");
  });

  it.each(["helodesk.example.com", "ftp://x.example", "https://x.example/?a=1"])("stops on HELODESK_PUBLIC_URL=%s with a message naming it", (value) => {
    expect(() => loadConfig({ HELODESK_PUBLIC_URL: value })).toThrow("HELODESK_PUBLIC_URL");
  });
  it("reads trusted proxies as CIDRs and names the setting when one is not", () => {
    expect(loadConfig({ HELODESK_TRUSTED_PROXIES: "10.0.0.5/32, ::1/128" }).HELODESK_TRUSTED_PROXIES).toEqual(["10.0.0.5/32", "::1/128"]);
    expect(loadConfig({}).HELODESK_TRUSTED_PROXIES).toEqual([]);
    expect(() => loadConfig({ HELODESK_TRUSTED_PROXIES: "nginx" })).toThrow(/HELODESK_TRUSTED_PROXIES must be a comma-separated list of CIDR/);
  });
});
