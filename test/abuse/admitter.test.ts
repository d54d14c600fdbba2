import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { SessionRequest, type SessionRequestInput } from "@/lib/schemas/request";
import { type AbuseAdmitter, createAdmitter } from "@/server/abuse/admitter";
import type { Admission, ClientInfo } from "@/server/abuse/types";
import { loadConfig } from "@/server/config";

const admitters: AbuseAdmitter[] = [];
afterEach(async () => {
  for (const a of admitters.splice(0)) await a.close();
});

/** Limits high by default so each test trips only the one it is about. */
function admitter(env: Record<string, string> = {}): AbuseAdmitter {
  const a = createAdmitter(loadConfig({
    HELODESK_SESSIONS_PER_MINUTE: "1000",
    HELODESK_SESSIONS_BURST: "1000",
    HELODESK_MAX_SESSIONS_PER_CLIENT: "1000",
    HELODESK_TARGET_SESSIONS_PER_MINUTE: "1000",
    ...env,
  }));
  admitters.push(a);
  return a;
}

const req = (extra: Partial<SessionRequestInput> = {}) => SessionRequest.parse({ target: "example.com", ...extra });
const from = (ip: string): ClientInfo => ({ ip, via: "socket" });

function refused(a: Admission) {
  if (a.ok) throw new Error("expected a refusal");
  return a;
}

async function admitN(a: AbuseAdmitter, n: number, request = req(), client = from("192.0.2.1")): Promise<Admission[]> {
  const out: Admission[] = [];
  for (let i = 0; i < n; i++) out.push(await a.admit(request, client));
  return out;
}

describe("sessions per client", () => {
  it("refuses the start after the burst with the limit's name and a retry-after within its window", async () => {
    const a = admitter({ HELODESK_SESSIONS_BURST: "3" });
    const results = await admitN(a, 4);
    expect(results.slice(0, 3).every((r) => r.ok)).toBe(true);
    const r = refused(results[3]!);
    expect(r.status).toBe(429);
    expect(r.error).toMatch(/at most 3 within 10 s \(HELODESK_SESSIONS_BURST\); retry in \d+ s\./);
    expect(r.retryAfterSec).toBeGreaterThanOrEqual(1);
    expect(r.retryAfterSec).toBeLessThanOrEqual(10);
    expect(r.error).toContain(`retry in ${r.retryAfterSec} s`);
  });

  it("refuses past the per-minute rate, while another client still gets in", async () => {
    const a = admitter({ HELODESK_SESSIONS_PER_MINUTE: "2" });
    const results = await admitN(a, 3);
    const r = refused(results[2]!);
    expect(r.error).toMatch(/at most 2 a minute \(HELODESK_SESSIONS_PER_MINUTE\)/);
    expect(r.retryAfterSec).toBeGreaterThan(10);
    expect(r.retryAfterSec).toBeLessThanOrEqual(60);
    expect((await a.admit(req(), from("192.0.2.2"))).ok).toBe(true);
  });

  it("counts one IPv6 /64 as one client, and an IPv4-mapped address as its IPv4 form", async () => {
    const a = admitter({ HELODESK_SESSIONS_PER_MINUTE: "2" });
    expect((await a.admit(req(), from("2001:db8:1:2::1"))).ok).toBe(true);
    expect((await a.admit(req(), from("2001:db8:1:2:ffff::9"))).ok).toBe(true);
    expect((await a.admit(req(), from("2001:db8:1:2::abcd"))).ok).toBe(false);
    expect((await a.admit(req(), from("2001:db8:1:3::1"))).ok).toBe(true);
    await admitN(a, 2, req(), from("198.51.100.7"));
    expect((await a.admit(req(), from("::ffff:198.51.100.7"))).ok).toBe(false);
  });
});

describe("concurrent sessions", () => {
  it("answers 503 busy with the count and a retry-after, and release frees the slot", async () => {
    const a = admitter({ HELODESK_MAX_CONCURRENT_SESSIONS: "2" });
    const [one, two] = await Promise.all([a.admit(req(), from("192.0.2.1")), a.admit(req(), from("192.0.2.2"))]);
    const busy = refused(await a.admit(req(), from("192.0.2.3")));
    expect(busy).toMatchObject({ status: 503, error: "HeloDesk is busy: 2 sessions are running; retry in 10 s.", retryAfterSec: 10 });
    if (!one!.ok || !two!.ok) throw new Error("expected both in");
    one!.release();
    one!.release(); // twice is harmless: one slot per session
    expect(a.running).toBe(1);
    expect((await a.admit(req(), from("192.0.2.3"))).ok).toBe(true);
    expect((await a.admit(req(), from("192.0.2.4"))).ok).toBe(false);
  });

  it("caps the sessions one client holds at once, and a refused start holds no slot", async () => {
    const a = admitter({ HELODESK_MAX_SESSIONS_PER_CLIENT: "2", HELODESK_SESSIONS_PER_MINUTE: "3" });
    const [x, y, z] = await admitN(a, 3);
    expect(x!.ok && y!.ok).toBe(true);
    expect(refused(z!).error).toMatch(/already have 2 sessions running.*HELODESK_MAX_SESSIONS_PER_CLIENT.*retry in 10 s/);
    expect(a.running).toBe(2);
    if (x!.ok) x!.release();
    expect((await a.admit(req(), from("192.0.2.1"))).ok).toBe(true);
    if (y!.ok) y!.release();
    // The per-minute rate (3) now refuses, and that refusal frees the slot it took while checking.
    expect(refused(await a.admit(req({ target: "example.org" }), from("192.0.2.1"))).error).toMatch(/HELODESK_SESSIONS_PER_MINUTE/);
    expect(a.running).toBe(1);
  });
});

describe("per target", () => {
  it("limits sessions to one domain from all clients together, ignoring case and a final dot", async () => {
    const a = admitter({ HELODESK_TARGET_SESSIONS_PER_MINUTE: "2" });
    expect((await a.admit(req({ target: "Example.COM" }), from("192.0.2.1"))).ok).toBe(true);
    expect((await a.admit(req({ target: "example.com." }), from("192.0.2.2"))).ok).toBe(true);
    const r = refused(await a.admit(req({ target: "example.com" }), from("192.0.2.3")));
    expect(r.error).toMatch(/^Too many sessions to example\.com: .*at most 2 a minute.*HELODESK_TARGET_SESSIONS_PER_MINUTE.*retry in \d+ s\.$/);
    expect((await a.admit(req({ target: "example.net" }), from("192.0.2.3"))).ok).toBe(true);
  });

  it("counts an explicit MX host as a target too", async () => {
    const a = admitter({ HELODESK_TARGET_SESSIONS_PER_MINUTE: "1" });
    expect((await a.admit(req({ target: "a.example", mx: "mx.shared.example" }), from("192.0.2.1"))).ok).toBe(true);
    expect(refused(await a.admit(req({ target: "b.example", mx: "mx.shared.example" }), from("192.0.2.2"))).error).toMatch(/mx\.shared\.example/);
  });
});

describe("recipients and messages", () => {
  const send = (to: string[]) => req({ profile: "send", from: "me@example.org", to });

  it("refuses more recipients than the deployment allows, with 403 and no retry", async () => {
    const a = admitter({ HELODESK_MAX_RECIPIENTS: "2" });
    const r = refused(await a.admit(send(["a@example.com", "b@example.com", "c@example.com"]), from("192.0.2.1")));
    expect(r.status).toBe(403);
    expect(r.retryAfterSec).toBeUndefined();
    expect(r.error).toBe("This HeloDesk allows at most 2 recipients per session (HELODESK_MAX_RECIPIENTS); you listed 3.");
    // On the recipients field, for the form to show it there.
    expect(r.issues).toEqual([{ path: "to", message: r.error }]);
    expect(a.running).toBe(0);
  });

  it("caps a public deployment at 3 recipients whatever the setting", async () => {
    const a = admitter({ HELODESK_PUBLIC: "1", HELODESK_MAX_RECIPIENTS: "50" });
    expect(a.limits.maxRecipients).toBe(3);
    expect(refused(await a.admit(send(["a@x.example", "b@x.example", "c@x.example", "d@x.example"]), from("192.0.2.1"))).status).toBe(403);
  });

  it("counts messages per client per hour", async () => {
    const a = admitter({ HELODESK_MESSAGES_PER_HOUR: "2" });
    const results = await admitN(a, 3, send(["a@example.com"]));
    const r = refused(results[2]!);
    // An hour-long wait in minutes, as a person reads it; Retry-After keeps the seconds.
    expect(r.error).toMatch(/sent 2 test messages in the last hour.*HELODESK_MESSAGES_PER_HOUR.*retry in (59|60) min\.$/);
    expect(r.retryAfterSec).toBeGreaterThan(60);
    // Profiles that send nothing are not counted against it.
    expect((await a.admit(req({ profile: "ehlo" }), from("192.0.2.1"))).ok).toBe(true);
  });

  it("does not count the send profile of a public deployment that stops after RCPT", async () => {
    const a = admitter({ HELODESK_PUBLIC: "1", HELODESK_MESSAGES_PER_HOUR: "1" });
    const results = await admitN(a, 3, send(["a@example.com"]));
    expect(results.every((r) => r.ok)).toBe(true);
  });

  it("counts relay and send recipients against the hourly probe budget", async () => {
    const a = admitter({ HELODESK_PROBES_PER_HOUR: "3" });
    expect((await a.admit(req({ profile: "relay", to: ["a@example.net", "b@example.net"] }), from("192.0.2.1"))).ok).toBe(true);
    expect(refused(await a.admit(req({ profile: "relay", to: ["c@example.net", "d@example.net"] }), from("192.0.2.1"))).error).toMatch(/HELODESK_PROBES_PER_HOUR/);
  });
});

describe("with Redis", () => {
  it("falls back to memory limits, without hanging or crashing, when REDIS_URL points at a closed port", async () => {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));

    const a = admitter({ REDIS_URL: `redis://127.0.0.1:${port}`, HELODESK_SESSIONS_BURST: "2" });
    expect(a.store.kind).toBe("redis");
    const started = Date.now();
    const results = await admitN(a, 3);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(results.map((r) => r.ok)).toEqual([true, true, false]);
    expect(refused(results[2]!).error).toMatch(/HELODESK_SESSIONS_BURST/);
  });
});
