import { createServer, get, type Server as HttpServer } from "node:http";
import { execFile } from "node:child_process";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StartAck } from "@/lib/socket-contract";
import { type AbuseAdmitter, createAdmitter } from "@/server/abuse/admitter";
import { loadConfig } from "@/server/config";
import { logger } from "@/server/web/logger";
import { SessionRegistry } from "@/server/web/session-registry";
import { type IoServer, createSocketServer } from "@/server/web/socket-server";
import { type ScriptedServer, startScriptedServer } from "../fixtures/scripted-server";
import { type TestClient, connectClient } from "../support/socket-client";
import { testDeps } from "../support/engine";
import { settledHeap } from "./gc";

/**
 * One client (a child process) starts 2,000 sessions as fast as socket.io carries them, against a loopback SMTP fixture,
 * with the default limits. The limits must hold, every refusal must say when to retry, a health probe
 * must keep answering, and the heap must come back to where it was. Bounded by counts and deadlines;
 * the thresholds leave room for a noisy two-core machine.
 */
const STARTS = 2_000;
/** 100 every 200 ms: the 2,000 arrive over about 4 s, so the health probe samples the whole flood. */
const BATCH = 100;
const BATCH_EVERY_MS = 200;
const FLOOD_DEADLINE_MS = 10_000;
const PROBE_EVERY_MS = 25;
const PROBE_P99_LIMIT_MS = 1_000;
/** What may stay behind: socket.io and V8 keep a little, a leak per session would be megabytes. */
const HEAP_TOLERANCE = 8 * 1024 * 1024;

const run = promisify(execFile);
type Client = TestClient;
let smtp: ScriptedServer;
let http: HttpServer;
let io: IoServer;
let registry: SessionRegistry;
let admitter: AbuseAdmitter;
let base: string;
const clients: Client[] = [];
const logLevel = logger.level;

beforeAll(async () => {
  logger.level = "warn"; // one info line per refusal would bury the test output
  smtp = await startScriptedServer();
  const deps = testDeps({ ports: [smtp.port] });
  admitter = createAdmitter(loadConfig({ HELODESK_ALLOWED_NETWORKS: "127.0.0.0/8" }));
  registry = new SessionRegistry({ deps, admitter }, { keepFinishedMs: 0, orphanGraceMs: 100 });
  // The same health answer as server/web/main.ts, which is an entry point and not importable.
  http = createServer((req, res) => {
    if (req.url !== "/healthz") return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true, running: registry.running }));
  });
  io = createSocketServer(http, { registry });
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const c of clients) c.disconnect();
  await registry?.closeAll();
  await new Promise<void>((r) => (io ? io.close(() => r()) : r()));
  await admitter?.close();
  await smtp?.close();
  logger.level = logLevel;
});

const client = (): Promise<Client> => connectClient(base, clients);

/** GET /healthz on a fresh connection; resolves with the latency, rejects after the deadline. */
function health(deadlineMs: number): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = get(`${base}/healthz`, { agent: false, timeout: deadlineMs }, (res) => {
      res.resume();
      res.once("end", () => (res.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`health answered ${res.statusCode}`))));
    });
    req.once("timeout", () => req.destroy(new Error(`health did not answer within ${deadlineMs} ms`)));
    req.once("error", reject);
  });
}

/** Runs the flooding client in a child process and returns every ack it got. */
async function flood(count: number): Promise<{ ms: number; acks: StartAck[] }> {
  const script = fileURLToPath(new URL("./flood-client.mjs", import.meta.url));
  const { stdout } = await run(process.execPath, [script, base, String(count), String(BATCH), String(BATCH_EVERY_MS), String(FLOOD_DEADLINE_MS), JSON.stringify(request())], {
    timeout: FLOOD_DEADLINE_MS + 5_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout) as { ms: number; acks: StartAck[] };
}

const request = () => ({ target: "127.0.0.1", port: smtp.port, profile: "banner", timeouts: { greetingMs: 2000, sessionMs: 5000 } });
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

describe("a flood of session starts from one client", () => {
  it("holds the limits, says when to retry, stays responsive and gives its memory back", { timeout: 60_000 }, async () => {
    const c = await client();
    // Warm up the code paths once (JIT, socket.io buffers), then take the baseline.
    await health(2_000);
    expect(await c.timeout(5_000).emitWithAck("session:watch", { id: "A".repeat(22) })).toMatchObject({ ok: false });
    const baseline = settledHeap();

    const latencies: number[] = [];
    let flooding = true;
    const prober = (async () => {
      while (flooding) {
        latencies.push(await health(5_000));
        await new Promise((r) => setTimeout(r, PROBE_EVERY_MS));
      }
    })();
    const { ms: floodMs, acks } = await flood(STARTS).finally(() => (flooding = false));
    await prober;

    const ok = acks.filter((a): a is Extract<StartAck, { ok: true }> => a.ok);
    const refused = acks.filter((a): a is Extract<StartAck, { ok: false }> => !a.ok);
    expect(floodMs).toBeLessThan(FLOOD_DEADLINE_MS);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    expect(ok.length).toBeLessThanOrEqual(admitter.limits.sessionsBurst);
    expect(refused.length).toBe(STARTS - ok.length);
    for (const r of refused) {
      expect(r.error).toMatch(/retry in \d+ s/);
      expect(r.retryAfterSec).toBeGreaterThan(0);
    }
    // Both layers answered: the connection's event limit, then the per-client session limits behind it.
    const byEventLimit = refused.filter((r) => /too many messages on this connection/.test(r.error)).length;
    const byAdmission = refused.filter((r) => /HELODESK_SESSIONS_(BURST|PER_MINUTE)|HELODESK_MAX_SESSIONS_PER_CLIENT/.test(r.error)).length;
    expect(byEventLimit + byAdmission).toBe(refused.length);

    // Health answered throughout, and quickly.
    expect(latencies.length).toBeGreaterThanOrEqual(5);
    const p99 = percentile(latencies, 0.99);
    console.info(`[flood] ${STARTS} starts in ${floodMs.toFixed(0)} ms: ${ok.length} started, ${refused.length} refused (${byEventLimit} by the event limit, ${byAdmission} by the session limits); health p50 ${percentile(latencies, 0.5).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms over ${latencies.length} probes`);
    expect(p99).toBeLessThan(PROBE_P99_LIMIT_MS);

    // Every started session ends, its slot is freed, and the heap returns to the baseline.
    await Promise.all(ok.map((a) => registry.get(a.id)?.session.done));
    expect(admitter.running).toBe(0);
    expect(smtp.connections.length).toBe(ok.length);
    await new Promise((r) => setImmediate(r)); // keepFinishedMs 0: the registry drops them on the next turn
    const after = settledHeap();
    console.info(`[flood] heap: baseline ${(baseline / 1048576).toFixed(1)} MiB, after ${(after / 1048576).toFixed(1)} MiB`);
    expect(after - baseline).toBeLessThan(HEAP_TOLERANCE);
  });
});
