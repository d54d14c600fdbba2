import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, loadEngineConfig, unknownSettingWarnings } from "./config";

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
    expect(loadConfig({ HELODESK_DATA_DIR: "" }).HELODESK_DATA_DIR).toBe("./data");
    expect(() => loadConfig({ HELODESK_DATA_DIR: " " })).toThrow("HELODESK_DATA_DIR must name a directory");
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

describe("DNS servers", () => {
  it("takes IPv4, IPv4:port, bare IPv6 (mapped IPv4 too), [IPv6] and [IPv6]:port", () => {
    const servers = ["192.0.2.53", "127.0.0.1:5353", "2001:db8::53", "::ffff:127.0.0.1", "[::1]", "[::1]:5353", "127.0.0.1:65535"];
    expect(loadConfig({ HELODESK_DNS_SERVERS: servers.join(",") }).HELODESK_DNS_SERVERS).toEqual(servers);
  });

  // 127.0.0.1:0 got through to c-ares, which aborted the process (exit 134); the rest failed later with a stack trace.
  it.each(["127.0.0.1:0", "127.0.0.1:99999", "abc", "999.999.999.999", ":::::", "[:]:53", "[127.0.0.1]:53", "127.0.0.1:", "[::1]:0x35"])(
    "stops on HELODESK_DNS_SERVERS=%s, naming the variable and the entry",
    (entry) => {
      expect(() => loadConfig({ HELODESK_DNS_SERVERS: `192.0.2.53,${entry}` })).toThrow(ConfigError);
      expect(() => loadConfig({ HELODESK_DNS_SERVERS: `192.0.2.53,${entry}` })).toThrow(`HELODESK_DNS_SERVERS: "${entry}" is not a DNS server`);
    },
  );
});

describe("where the server listens", () => {
  it.each(["127.0.0.1", "0.0.0.0", "::", "::1", "localhost", "helodesk.internal.example"])("takes HOST=%s", (host) => {
    expect(loadConfig({ HOST: host }).HOST).toBe(host);
  });

  it.each(["not a host", "999.999.999.999", "[::1]", "127.0.0.1:3000", "-bad-.example", "http://127.0.0.1"])("stops on HOST=%s with a message naming it", (host) => {
    expect(() => loadConfig({ HOST: host })).toThrow(/invalid setting: HOST must be an IP address or a host name/);
  });
});

describe("numbers", () => {
  it("takes an empty value as unset: the default, not 0", () => {
    const c = loadConfig({ PORT: "", HELODESK_MAX_VRFY_PER_SESSION: "", HELODESK_GREETING_TIMEOUT_MS: "", HELODESK_RETENTION_DAYS: "" });
    expect(c).toMatchObject({ PORT: 3000, HELODESK_MAX_VRFY_PER_SESSION: 5, HELODESK_GREETING_TIMEOUT_MS: 30_000, HELODESK_RETENTION_DAYS: 30 });
  });

  it("reads plain decimal digits, and 0 where 0 is allowed", () => {
    expect(loadConfig({ PORT: "8080", HELODESK_MAX_VRFY_PER_SESSION: "0", HELODESK_COMMAND_TIMEOUT_MS: " 4500 " })).toMatchObject({
      PORT: 8080,
      HELODESK_MAX_VRFY_PER_SESSION: 0,
      HELODESK_COMMAND_TIMEOUT_MS: 4500,
    });
  });

  it.each([
    ["PORT", "0x1F90"],
    ["PORT", "1e3"],
    ["PORT", " "],
    ["PORT", "8080.0"],
    ["PORT", "+8080"],
    ["HELODESK_RETENTION_DAYS", "1e1"],
    ["HELODESK_GREETING_TIMEOUT_MS", "0x7530"],
    ["HELODESK_SESSIONS_PER_MINUTE", "1e2"],
    ["HELODESK_MAX_VRFY_PER_SESSION", "0b11"],
  ])("stops on %s=%j: numbers are plain decimal digits", (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name} must be a whole number.* in plain digits`));
  });
});

describe("allowed ports", () => {
  it("takes an empty value as unset: the four mail ports", () => {
    expect(loadConfig({ HELODESK_ALLOWED_PORTS: "" }).HELODESK_ALLOWED_PORTS).toHaveLength(4);
  });

  it.each([" ", ",", " , "])("stops on HELODESK_ALLOWED_PORTS=%j, which names no port", (value) => {
    expect(() => loadConfig({ HELODESK_ALLOWED_PORTS: value })).toThrow("HELODESK_ALLOWED_PORTS must list at least one port");
  });
});

describe("the EHLO name", () => {
  it.each(["tester.helodesk.test", "localhost", "mail-1.example", "[192.0.2.1]", "[IPv6:2001:db8::1]", "[ipv6:::1]"])("takes HELODESK_HELO_NAME=%s", (name) => {
    expect(loadConfig({ HELODESK_HELO_NAME: name }).HELODESK_HELO_NAME).toBe(name);
  });

  it.each(["...", "-", "[vvv]", "[2001:db8::1]", "[IPv6:192.0.2.1]", "[IPv6:fe80::1%eth0]", "[999.0.0.1]", "192.0.2.1", "a..b", "under_score.example"])(
    "stops on HELODESK_HELO_NAME=%s with a message naming it",
    (name) => {
      expect(() => loadConfig({ HELODESK_HELO_NAME: name })).toThrow(/HELODESK_HELO_NAME: announce a host name .* or an address literal/);
    },
  );
});

describe("log level", () => {
  it("defaults to info and takes pino's level names", () => {
    expect(loadConfig({}).HELODESK_LOG_LEVEL).toBe("info");
    expect(loadConfig({ HELODESK_LOG_LEVEL: "" }).HELODESK_LOG_LEVEL).toBe("info");
    expect(loadConfig({ HELODESK_LOG_LEVEL: "warn" }).HELODESK_LOG_LEVEL).toBe("warn");
    expect(loadConfig({ HELODESK_LOG_LEVEL: "DEBUG" }).HELODESK_LOG_LEVEL).toBe("debug");
  });

  it("stops on HELODESK_LOG_LEVEL=verbose, listing the levels", () => {
    expect(() => loadConfig({ HELODESK_LOG_LEVEL: "verbose" })).toThrow("HELODESK_LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent");
  });
});

describe("Redis URL", () => {
  it("takes redis:// and rediss:// with a host", () => {
    expect(loadConfig({ REDIS_URL: "rediss://user:pw@redis.example:6380/2" }).REDIS_URL).toBe("rediss://user:pw@redis.example:6380/2");
    expect(loadConfig({ REDIS_URL: "redis://[::1]:6379" }).REDIS_URL).toBe("redis://[::1]:6379");
  });

  it.each(["redis://:S3cretPassw0rd@127.0.0.1:99999", "redis://:S3cretPassw0rd@127.0.0.1:0", "redis://:S3cretPassw0rd@", "http://:S3cretPassw0rd@127.0.0.1:6379", "redis://:S3cretPassw0rd@127.0.0.1:port"])(
    "stops on REDIS_URL=%s without repeating the password",
    (url) => {
      expect(() => loadConfig({ REDIS_URL: url })).toThrow(/^invalid setting: REDIS_URL must be a Redis URL/);
      expect(() => loadConfig({ REDIS_URL: url })).toThrow(/^(?!.*S3cretPassw0rd)/s);
    },
  );
});

describe("public URL and allowed origins", () => {
  it("normalises the public URL's host", () => {
    expect(loadConfig({ HELODESK_PUBLIC_URL: "https://HeloDesk.Example.com:443/desk/" }).HELODESK_PUBLIC_URL).toBe("https://helodesk.example.com/desk");
  });

  it.each(["https://x:99999", "https://:443", "https://a@b", "https://user:pw@helodesk.example", "https://x.example:0", "https://x.example/#top", "https://x.example/?"])(
    "stops on HELODESK_PUBLIC_URL=%s",
    (url) => {
      expect(() => loadConfig({ HELODESK_PUBLIC_URL: url })).toThrow(/^invalid setting: HELODESK_PUBLIC_URL must be the address users open/);
    },
  );

  it("takes equivalent spellings of an origin as the origin a browser sends", () => {
    const c = loadConfig({ HELODESK_ALLOWED_ORIGINS: "https://A.example, https://b.example:443, http://c.example:80/, http://d.example:8080" });
    expect(c.HELODESK_ALLOWED_ORIGINS).toEqual(["https://a.example", "https://b.example", "http://c.example", "http://d.example:8080"]);
  });

  it.each(["https://a.example/app", "https://u:p@a.example", "ftp://a.example", "https://a.example?x=1", "https://a.example#x", "a.example"])(
    "stops on HELODESK_ALLOWED_ORIGINS=%s",
    (origin) => {
      expect(() => loadConfig({ HELODESK_ALLOWED_ORIGINS: origin })).toThrow(/^invalid setting: HELODESK_ALLOWED_ORIGINS must be a comma-separated list of origins/);
    },
  );
});

describe("misspelt settings", () => {
  it("warns once per unknown HELODESK_ variable, naming the setting it is closest to", () => {
    expect(unknownSettingWarnings({ HELODESK_PUBLC: "1", HELODESK_ALLOWED_NETWORK: "10.0.0.0/8", HELODESK_GREETING_TIMEOUT: "5000", helodesk_public: "1" })).toEqual([
      "HELODESK_ALLOWED_NETWORK is not a HeloDesk setting and is ignored: did you mean HELODESK_ALLOWED_NETWORKS?",
      "HELODESK_GREETING_TIMEOUT is not a HeloDesk setting and is ignored: did you mean HELODESK_GREETING_TIMEOUT_MS?",
      "HELODESK_PUBLC is not a HeloDesk setting and is ignored: did you mean HELODESK_PUBLIC?",
      "helodesk_public is not a HeloDesk setting and is ignored: did you mean HELODESK_PUBLIC?",
    ]);
    expect(unknownSettingWarnings({ HELODESK_WHATEVER_ELSE: "1" })).toEqual(["HELODESK_WHATEVER_ELSE is not a HeloDesk setting and is ignored"]);
  });

  it("says nothing of settings, of the variables tests and tools read, or of other programs' variables", () => {
    const env = {
      HELODESK_PUBLIC: "1",
      HELODESK_LOG_LEVEL: "warn",
      REDIS_URL: "",
      HELODESK_REQUIRE_ALL_TESTS: "1",
      HELODESK_PRETEND_MISSING: "postfix",
      HELODESK_FUZZ: "full",
      HELODESK_E2E_APP_DIR: "/tmp/x",
      HELODESK_E2E_SKIP: "",
      HELODESK_DEBUG: "1",
      PATH: "/usr/bin",
      BENCH_K: "3",
    };
    expect(unknownSettingWarnings(env)).toEqual([]);
  });
});

describe("the CLI's settings", () => {
  it("reads only what the engine uses: server settings for another program do not stop it", () => {
    const c = loadEngineConfig({ PORT: "abc", HOST: "not a host", DATABASE_URL: "mysql://127.0.0.1/x", REDIS_URL: "nope", HELODESK_GREETING_TIMEOUT_MS: "4000" });
    expect(c).toMatchObject({ HELODESK_GREETING_TIMEOUT_MS: 4000 });
    // Not read at all, not even given defaults: the CLI has no server.
    for (const name of ["PORT", "HOST", "DATABASE_URL", "REDIS_URL"]) expect(name in c).toBe(false);
  });

  it.each([
    ["HELODESK_DNS_SERVERS", "127.0.0.1:0"],
    ["HELODESK_ALLOWED_NETWORKS", "10.0.0.0/33"],
    ["HELODESK_ALLOWED_PORTS", ","],
    ["HELODESK_HELO_NAME", "..."],
    ["HELODESK_COMMAND_TIMEOUT_MS", "1e3"],
  ])("still stops on a bad %s (%s)", (name, value) => {
    expect(() => loadEngineConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadEngineConfig({ [name]: value })).toThrow(name);
  });
});
