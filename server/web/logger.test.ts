import { afterEach, describe, expect, it, vi } from "vitest";
import { errorForLog, withoutSecrets } from "./logger";

const PASSWORD = "S3cretPassw0rd";

/** What Node throws for a Redis URL with a port out of range: the whole URL is in its `input` field. */
function urlError(url: string): unknown {
  try {
    new URL(url);
  } catch (err) {
    return err;
  }
  throw new Error(`${url} parsed`);
}

describe("errors in logs", () => {
  it("leaves out a URL error's input, which carries the password", () => {
    const url = `redis://:${PASSWORD}@127.0.0.1:99999`;
    const err = urlError(url);
    expect((err as { input?: string }).input).toBe(url);
    const logged = errorForLog(err, { REDIS_URL: url });
    expect(JSON.stringify(logged)).not.toContain(PASSWORD);
    expect(logged).toMatchObject({ type: "TypeError", code: "ERR_INVALID_URL" });
  });

  it("names DATABASE_URL and REDIS_URL instead of showing them, and hides any URL's user and password", () => {
    const env = { DATABASE_URL: `postgresql://app:${PASSWORD}@db.internal/helodesk`, REDIS_URL: "redis://cache.internal:6379" };
    expect(withoutSecrets(`cannot connect to ${env.DATABASE_URL} or ${env.REDIS_URL}`, env)).toBe("cannot connect to [DATABASE_URL] or [REDIS_URL]");
    expect(withoutSecrets(`bad: rediss://user:${PASSWORD}@other:6380/0 and https://a:b/c@x.example`, {})).toBe("bad: rediss://[redacted]@other:6380/0 and https://[redacted]@x.example");
    const err = Object.assign(new Error(`login failed for postgres://app:${PASSWORD}@db/x`), { input: PASSWORD, code: "E42" });
    expect(JSON.stringify(errorForLog(err, {}))).not.toContain(PASSWORD);
  });
});

describe("log level", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it("takes HELODESK_LOG_LEVEL as validated, and falls back to info on a bad one so loadConfig can refuse it by name", async () => {
    vi.stubEnv("HELODESK_LOG_LEVEL", "WARN");
    vi.resetModules();
    expect((await import("./logger")).logger.level).toBe("warn");
    vi.stubEnv("HELODESK_LOG_LEVEL", "verbose");
    vi.resetModules();
    expect((await import("./logger")).logger.level).toBe("info");
  });
});
