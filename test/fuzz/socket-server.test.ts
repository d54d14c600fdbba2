import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import fc from "fast-check";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClientToServerEvents, ServerToClientEvents } from "@/lib/socket-contract";
import { SessionRegistry } from "@/server/web/session-registry";
import { type IoServer, MAX_SOCKET_PAYLOAD_BYTES, createSocketServer } from "@/server/web/socket-server";
import { guardTransport } from "../safety/support";
import { testDeps } from "../support/engine";
import { hostileString, mutated, wireValue } from "./arbitraries";
import { SOCKET_RUNS, TEST_TIMEOUT_MS, meter } from "./budget";

/**
 * Random events, payloads and raw packets thrown at a live socket.io server. It must stay up, answer
 * every well-formed call with an ack (an error saying what is wrong, never a stack trace) and drop
 * what it does not know. Sessions a random payload starts are refused before any connect: no allowed
 * networks, and a guard transport that never opens a socket off loopback.
 */
type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
const KNOWN = ["session:start", "session:input", "session:cancel", "session:watch"] as const;
const RESERVED = new Set(["connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"]);
const ACK_DEADLINE_MS = 5_000;
const SETTLE_MS = 1_000;
const ID = "A".repeat(22);

let http: HttpServer;
let io: IoServer;
let registry: SessionRegistry;
let url: string;
let client: Client | null = null;
let reconnects = 0;

beforeAll(async () => {
  const deps = testDeps({ transport: guardTransport().transport, env: { HELODESK_ALLOWED_NETWORKS: "" } });
  registry = new SessionRegistry({ deps }, { keepFinishedMs: 500, orphanGraceMs: 100 });
  http = createServer();
  // The per-connection event limit would answer most of a fast fuzz with "too many messages": raised
  // here so the payloads reach the handlers (test/safety/flood.test.ts runs with the default).
  io = createSocketServer(http, { registry, security: { allowedOrigins: [], eventsPerSecond: 100_000 } });
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterAll(async () => {
  client?.disconnect();
  await registry.closeAll();
  await new Promise<void>((r) => io.close(() => r()));
});

/** The current client, or a new one when the server dropped the last (oversized or garbled input). */
async function live(): Promise<Client> {
  if (client?.connected) return client;
  client?.disconnect();
  reconnects++;
  const c: Client = connect(url, { transports: ["websocket"], forceNew: true, reconnection: false });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the server did not accept a new client within 5 s")), ACK_DEADLINE_MS);
    c.once("connect", () => (clearTimeout(timer), resolve()));
    c.once("connect_error", (err) => (clearTimeout(timer), reject(err)));
  });
  client = c;
  return c;
}

function expectCleanAck(ack: unknown): void {
  expect(ack).toMatchObject({ ok: expect.any(Boolean) });
  const a = ack as { ok: boolean; error?: unknown };
  if (a.ok) return;
  expect(typeof a.error).toBe("string");
  // A stack trace, an exception name or a stringified object would leak internals.
  expect(a.error).not.toMatch(/\n\s+at |Error:|\[object/);
}

const wireSize = (v: unknown) => (Buffer.isBuffer(v) ? v.length : Buffer.byteLength(JSON.stringify(v) ?? ""));

/**
 * After odd input the server may drop the client (too large, not socket.io) or, for a raw DISCONNECT
 * packet, detach it without a word: one round trip tells, and a client in doubt is replaced.
 */
async function settled(c: Client): Promise<void> {
  try {
    expectCleanAck(await c.timeout(SETTLE_MS).emitWithAck("session:watch", { id: ID }));
  } catch (err) {
    expect(String(err)).toMatch(/disconnected|timed out/);
    c.disconnect();
  }
}

/** A call the server knows must be answered; the probe that the server is still up. */
async function probe(): Promise<void> {
  const c = await live();
  const ack = await c.timeout(ACK_DEADLINE_MS).emitWithAck("session:watch", { id: ID });
  expect(ack).toMatchObject({ ok: false, error: expect.stringMatching(/no such session/) });
}

const action = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("call" as const), name: fc.constantFrom(...KNOWN), payload: fc.oneof(mutated({ target: "192.0.2.1", port: 25, profile: "banner" }, wireValue), mutated({ id: ID, token: ID, line: "NOOP", after: 0 }, wireValue)) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("odd" as const), name: fc.oneof(fc.constantFrom(...KNOWN), hostileString.filter((s) => !RESERVED.has(s) && s.length < 5_000)), args: fc.array(wireValue, { maxLength: 3 }), ack: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("raw" as const), data: fc.oneof(hostileString.map((s) => `2${s}`), hostileString, fc.jsonValue().map((v) => `2${JSON.stringify(["session:start", v])}`)) }) },
);

describe("fuzzing the socket.io server", () => {
  it("stays up, acks every known call with a clean answer and drops the rest", { timeout: TEST_TIMEOUT_MS }, async () => {
    const m = meter();
    let calls = 0;
    await fc.assert(
      fc.asyncProperty(action, async (a) => {
        m.cases++;
        const c = await live();
        const t = performance.now();
        if (a.kind === "call" && wireSize(a.payload) < MAX_SOCKET_PAYLOAD_BYTES / 2) {
          calls++;
          expectCleanAck(await c.timeout(ACK_DEADLINE_MS).emitWithAck(a.name, a.payload as never));
          m.slowestMs = Math.max(m.slowestMs, performance.now() - t);
        } else {
          if (a.kind === "call") c.emit(a.name, a.payload as never, () => {});
          // Other arities and unknown names: no answer is owed, but nothing may crash.
          else if (a.kind === "odd") (c.timeout(ACK_DEADLINE_MS).emit as (...args: unknown[]) => void)(a.name, ...a.args, ...(a.ack ? [() => {}] : []));
          else c.io.engine.send(a.data);
          await settled(c);
        }
        if (m.cases % 25 === 0) await probe();
      }),
      { numRuns: SOCKET_RUNS },
    );
    await probe();
    m.finish(`socket.io server (${calls} acked calls, ${reconnects} reconnects)`);
    expect(calls).toBeGreaterThan(SOCKET_RUNS / 3);
  });

  it("drops a client that sends more than maxHttpBufferSize and keeps serving others", { timeout: TEST_TIMEOUT_MS }, async () => {
    const c = await live();
    const closed = new Promise<string>((resolve) => c.once("disconnect", (reason) => resolve(reason)));
    c.emit("session:start", { target: "x".repeat(MAX_SOCKET_PAYLOAD_BYTES + 1024) } as never, () => {});
    expect(await closed).toMatch(/transport (close|error)/);
    await probe();
  });
});
