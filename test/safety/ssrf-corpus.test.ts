import net from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SessionRequest } from "@/lib/schemas/request";
import type { SessionDocument } from "@/lib/schemas/session";
import { startSession } from "@/server/engine/session";
import { nodeTransport } from "@/server/engine/transport";
import { type DnsServer, type DnsZone, inTurn, startDnsServer } from "../fixtures/dns-server";
import { eventsOf, testDeps } from "../support/engine";
import { SSRF_CORPUS } from "./ssrf-corpus";
import { type CountingListener, guardTransport, startCountingListener } from "./support";

/**
 * Every refused form, as an IP literal and as a host name, with the policy as a public deployment runs
 * it (no HELODESK_ALLOWED_NETWORKS). The guard transport turns any attempt into a failure without a
 * socket, and a loopback listener on the very port asked for shows that nothing arrived.
 *
 * The "public" answers (8.8.8.8 and the like) are never connected to: the guard refuses every
 * non-loopback address before a socket exists, so these tests stay on this machine even if the
 * policy under test were broken.
 */
const PUBLIC_V4 = "8.8.8.8";
const PUBLIC_V6 = "2001:4860:4860::8888";

const hostOf = (i: number) => `h${i}.ssrf.test`;
const zone: DnsZone = {
  ...Object.fromEntries(SSRF_CORPUS.map((e, i) => [hostOf(i), net.isIPv6(e.address) ? { AAAA: [e.address] } : { A: [e.address] }])),
  "mx-loop.ssrf.test": { MX: [{ exchange: "mail.mx-loop.ssrf.test", priority: 10 }] },
  "mail.mx-loop.ssrf.test": { A: ["127.0.0.1"] },
  "mx-metadata.ssrf.test": { MX: [{ exchange: "mail.mx-metadata.ssrf.test", priority: 10 }] },
  "mail.mx-metadata.ssrf.test": { AAAA: ["fd00:ec2::254"] },
  "mixed.ssrf.test": { A: [PUBLIC_V4, "127.0.0.1"] },
  "mixed-families.ssrf.test": { A: [PUBLIC_V4], AAAA: ["::1"] },
  "mixed-private.ssrf.test": { A: [PUBLIC_V4], AAAA: [PUBLIC_V6, "fd12::25"] },
  "rebind.ssrf.test": { A: inTurn([PUBLIC_V4], ["127.0.0.1"]) },
  "loopback.ssrf.test": { A: ["127.0.0.1"] },
};

let dns: DnsServer;
let listener: CountingListener;
let guard: ReturnType<typeof guardTransport>;

beforeAll(async () => {
  [dns, listener] = await Promise.all([startDnsServer(zone), startCountingListener()]);
});
afterAll(async () => {
  await Promise.all([dns?.close(), listener?.close()]);
});
beforeEach(() => {
  dns.set(zone);
  dns.queries.length = 0;
  guard = guardTransport();
});

/** A public deployment's policy: nothing but public addresses, on the listener's port. */
async function attempt(target: string, allowedNetworks = "", mx?: string): Promise<SessionDocument> {
  const deps = testDeps({ dnsServers: [dns.server], ports: [listener.port], transport: guard.transport, env: { HELODESK_ALLOWED_NETWORKS: allowedNetworks } });
  const request = SessionRequest.parse({ target, mx, port: listener.port, profile: "banner", timeouts: { connectMs: 1000, greetingMs: 1000, sessionMs: 5000 } });
  return startSession(request, deps).done;
}

function expectRefused(doc: SessionDocument, rule: string): void {
  expect(doc.closeReason).toBe("refused");
  const note = eventsOf(doc, "note").find((n) => n.code === "policy-refused");
  expect(note?.text).toMatch(new RegExp(`\\(the ${rule} rule\\); .*HELODESK_ALLOWED_NETWORKS`));
  expect(eventsOf(doc, "connect")).toHaveLength(0);
  expect(guard.attempts).toEqual([]);
  expect(listener.accepted).toBe(0);
}

describe("the SSRF corpus", () => {
  it("holds at least 40 distinct targets", () => {
    expect(new Set(SSRF_CORPUS.map((e) => e.literal)).size).toBeGreaterThanOrEqual(40);
  });

  it.each(SSRF_CORPUS.map((e) => [e.literal, e.rule, e]))("refuses the literal %j by the %s rule without connecting", async (_l, rule, e) => {
    expectRefused(await attempt(e.literal), rule);
  });

  it.each(SSRF_CORPUS.map((e, i) => [hostOf(i), e.address, e.rule]))("refuses %s (answering %s) by the %s rule without connecting", async (host, address, rule) => {
    const doc = await attempt(host);
    expectRefused(doc, rule);
    expect(eventsOf(doc, "dns").some((d) => d.name === host && d.records.length > 0)).toBe(true);
  });

  it.each([
    ["mx-loop.ssrf.test", "loopback"],
    ["mx-metadata.ssrf.test", "metadata"],
  ])("follows the MX of %s to a %s address and refuses it", async (domain, rule) => {
    expectRefused(await attempt(domain), rule);
  });

  it.each(["0x7f.1", "2130706433", "127.1"])("reads an MX host given as %s the way it reads a target, and refuses it without asking DNS for it", async (mx) => {
    expectRefused(await attempt("mx-loop.ssrf.test", "", mx), "loopback");
    expect(dns.queries.map((q) => q.name.toLowerCase())).not.toContain(mx);
  });
});

describe("names that mix public and non-public answers", () => {
  it.each([
    ["mixed.ssrf.test", "loopback"],
    ["mixed-families.ssrf.test", "loopback"],
    ["mixed-private.ssrf.test", "uniqueLocal"],
  ])("refuses the whole of %s, public answers included (%s)", async (host, rule) => {
    expectRefused(await attempt(host), rule);
  });
});

describe("DNS rebinding", () => {
  it("connects only to the address it checked when a name answers public first, then loopback", async () => {
    // The first answer is public and passes: the engine must hand the transport that literal and never
    // ask DNS again (a second resolution at connect time is how rebinding reaches loopback).
    const first = await attempt("rebind.ssrf.test");
    expect(guard.attempts).toEqual([PUBLIC_V4]);
    expect(first.closeReason).not.toBe("refused");
    expect(dns.queries.filter((q) => q.name === "rebind.ssrf.test" && q.type === "A")).toHaveLength(1);
    expect(listener.accepted).toBe(0);

    // The next session reads the rebound answer and refuses it like any loopback name.
    guard.attempts.length = 0;
    expectRefused(await attempt("rebind.ssrf.test"), "loopback");
  });

  it("has a transport that never resolves a name: it takes IP literals only", async () => {
    const signal = new AbortController().signal;
    await expect(nodeTransport.connect({ address: "loopback.ssrf.test", port: listener.port, timeoutMs: 1000, signal })).rejects.toThrow(/not an IP address/);
    await expect(nodeTransport.connect({ address: "2130706433", port: listener.port, timeoutMs: 1000, signal })).rejects.toThrow(/not an IP address/);
    expect(dns.queries).toEqual([]);
    expect(listener.accepted).toBe(0);
  });
});

describe("the listener that proves nothing connected", () => {
  it("does see a connection when the deployment allows loopback", async () => {
    const seen = listener.nextConnection(5000);
    const doc = await attempt("loopback.ssrf.test", "127.0.0.0/8");
    await seen;
    expect(guard.attempts).toEqual(["127.0.0.1"]);
    expect(eventsOf(doc, "connect")).toHaveLength(1);
    expect(listener.accepted).toBe(1);
  });
});
