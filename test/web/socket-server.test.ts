import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SessionEvent } from "@/lib/schemas/events";
import type { SessionDocument } from "@/lib/schemas/session";
import type { StartAck } from "@/lib/socket-contract";
import { SessionRegistry } from "@/server/web/session-registry";
import { type ScriptedServer, startScriptedServer } from "../fixtures/scripted-server";
import { io as connect } from "socket.io-client";
import type { Admitter } from "@/server/abuse/types";
import { type TestClient, type TestSocketServer, connectClient, startSocketServer } from "../support/socket-client";
import { testDeps } from "../support/engine";

type Client = TestClient;

let server: TestSocketServer;
let registry: SessionRegistry;
let url: string;
let smtp: ScriptedServer | null = null;
const clients: Client[] = [];

beforeEach(async () => {
  registry = new SessionRegistry({ deps: testDeps({ env: { HELODESK_ALLOWED_PORTS: "1024-65535" } }) }, { keepFinishedMs: 60_000, orphanGraceMs: 300 });
  server = await startSocketServer({ registry });
  url = server.url;
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.disconnect();
  await registry.closeAll();
  await server.close();
  await smtp?.close();
  smtp = null;
});

const client = (): Promise<Client> => connectClient(url, clients);

function start(c: Client, payload: unknown): Promise<StartAck> {
  return new Promise((resolve) => c.emit("session:start", payload, resolve));
}

/**
 * Records a client's session messages from now on. Listen before the request: the ack and the first
 * events can come in one read, delivered together before an await after the ack could listen.
 */
function record(c: Client) {
  const messages: { id: string; event: SessionEvent }[] = [];
  const ends = new Set<string>();
  const waiting = new Map<string, () => void>();
  c.on("session:event", (m) => messages.push(m));
  c.on("session:end", (m) => {
    ends.add(m.id);
    waiting.get(m.id)?.();
  });
  return {
    events: (id: string) => messages.filter((m) => m.id === id).map((m) => m.event),
    ended: (id: string) => (ends.has(id) ? Promise.resolve() : new Promise<void>((resolve) => waiting.set(id, resolve))),
  };
}

const loopback = (port: number, extra: object = {}) => ({
  target: "127.0.0.1",
  port,
  profile: "ehlo",
  timeouts: { greetingMs: 2000, commandMs: 2000 },
  ...extra,
});

describe("acks", () => {
  it("answers a call without a payload, or with extra arguments, through the ack in the last place", async () => {
    const c = await client();
    const emit = c.emit.bind(c) as unknown as (event: string, ...args: unknown[]) => void;
    const bare = await new Promise<StartAck>((resolve) => emit("session:start", resolve));
    expect(bare).toMatchObject({ ok: false, error: expect.stringMatching(/target/i) });
    const extra = await new Promise<{ ok: boolean; error?: string }>((resolve) => emit("session:cancel", { id: "x" }, "surplus", resolve));
    expect(extra).toMatchObject({ ok: false, error: expect.stringMatching(/session id/) });
    expect(registry.running).toBe(0);
  });
});

describe("the client's address", () => {
  it("is the X-Forwarded-For hop a trusted proxy saw, and the peer otherwise", async () => {
    const seen: string[] = [];
    const admitter: Admitter = { admit: async (_r, client) => (seen.push(client.ip), { ok: false, status: 429, error: "refused for the test" }) };
    const make = async (trustedProxies: string[]) => {
      const reg = new SessionRegistry({ deps: testDeps({ env: { HELODESK_ALLOWED_PORTS: "1024-65535" } }), admitter });
      const behind = await startSocketServer({ registry: reg, trustedProxies });
      const c = connect(behind.url, {
        transports: ["websocket"], forceNew: true, reconnection: false, extraHeaders: { "x-forwarded-for": "1.2.3.4, 198.51.100.9" },
      });
      await new Promise<void>((resolve, reject) => (c.once("connect", () => resolve()), c.once("connect_error", reject)));
      await new Promise((resolve) => c.emit("session:start", { target: "127.0.0.1", port: 2525 }, resolve));
      c.disconnect();
      await behind.close();
    };
    await make(["127.0.0.0/8"]);
    await make([]);
    expect(seen).toEqual(["198.51.100.9", "127.0.0.1"]);
  });
});

describe("session:start", () => {
  it("refuses an invalid payload with one sentence and an issue per field, starting nothing", async () => {
    const c = await client();
    const ack = await start(c, { target: "bad target", port: 70000, profile: "nope" });
    expect(ack.ok).toBe(false);
    if (ack.ok) return;
    expect(ack.error).toMatch(/target/i);
    expect(ack.issues?.map((i) => i.path).sort()).toEqual(["port", "profile", "target"]);
    expect(registry.running).toBe(0);
  });

  it("answers a port or an IP target the policy refuses on its field, starting nothing", async () => {
    const c = await client();
    const port = await start(c, { target: "127.0.0.1", port: 25, profile: "banner" });
    expect(port).toMatchObject({ ok: false, error: expect.stringMatching(/^Refused to connect to 127\.0\.0\.1: port 25 is not one HeloDesk may connect to/) });
    expect(port.ok ? [] : port.issues).toEqual([{ path: "port", message: expect.stringMatching(/HELODESK_ALLOWED_PORTS/) }]);
    const target = await start(c, { target: "0xa.1.2.3", port: 2525, profile: "banner" });
    expect(target.ok ? [] : target.issues).toEqual([{ path: "target", message: expect.stringMatching(/^10\.1\.2\.3 is a private \(RFC 1918\) address/) }]);
    expect(registry.running).toBe(0);
  });

  it("streams every event of a session to its creator, in order, then the end", async () => {
    smtp = await startScriptedServer();
    const c = await client();
    const seen = record(c);
    const ack = await start(c, loopback(smtp.port));
    expect(ack.ok).toBe(true);
    if (!ack.ok) return;
    await seen.ended(ack.id);
    const events = seen.events(ack.id);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
    expect(events.at(-1)?.type).toBe("close");
    expect(events.some((e) => e.type === "reply" && e.command === "EHLO")).toBe(true);
  });
});

describe("session:watch", () => {
  it("replays exactly the events after the last one seen, for a reconnecting browser", async () => {
    smtp = await startScriptedServer();
    const c = await client();
    const created = record(c);
    const ack = await start(c, loopback(smtp.port));
    if (!ack.ok) throw new Error(ack.error);
    await created.ended(ack.id);
    const viewer = await client();
    const seen = record(viewer);
    const watched = await new Promise((resolve) => viewer.emit("session:watch", { id: ack.id, after: 3 }, resolve));
    expect(watched).toEqual({ ok: true, state: "finished" });
    await seen.ended(ack.id);
    const events = seen.events(ack.id);
    expect(events[0]?.seq).toBe(4);
    expect(events.at(-1)?.type).toBe("close");
  });

  it("answers an unknown session id with a clear error", async () => {
    const c = await client();
    const result = await new Promise((resolve) => c.emit("session:watch", { id: "A".repeat(22) }, resolve));
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/no such session/) });
  });
});

/** Starts an interactive session and waits for its greeting. */
async function startGreeted(owner: Client, port: number): Promise<Extract<StartAck, { ok: true }>> {
  const greeted = new Promise<void>((r) => owner.on("session:event", (m) => m.event.type === "reply" && r()));
  const ack = await start(owner, loopback(port, { profile: "interactive" }));
  if (!ack.ok) throw new Error(ack.error);
  await greeted;
  return ack;
}

/** The close event's reason and detail. */
function closeOf(doc: SessionDocument): { reason: string; detail: string } {
  const close = doc.events.findLast((e) => e.type === "close");
  if (close?.type !== "close") throw new Error("the session has no close event");
  return { reason: close.reason, detail: close.detail };
}

describe("control", () => {
  it("lets only the creator's token type or cancel", async () => {
    smtp = await startScriptedServer();
    const owner = await client();
    const ack = await start(owner, loopback(smtp.port, { profile: "interactive" }));
    if (!ack.ok) throw new Error(ack.error);
    const stranger = await client();
    const forged = await new Promise((resolve) => stranger.emit("session:input", { id: ack.id, token: "B".repeat(32), line: "NOOP" }, resolve));
    expect(forged).toMatchObject({ ok: false, error: expect.stringMatching(/only the browser that started/) });
    const typed = await new Promise((resolve) => owner.emit("session:input", { id: ack.id, token: ack.token, line: "NOOP" }, resolve));
    expect(typed).toEqual({ ok: true, mode: "command", replyCode: 250 });
    const ended = record(owner).ended(ack.id);
    const cancelled = await new Promise((resolve) => owner.emit("session:cancel", { id: ack.id, token: ack.token }, resolve));
    expect(cancelled).toEqual({ ok: true });
    await ended;
    expect(smtp.allLines).toEqual(["NOOP", "QUIT"]);
    expect(closeOf(await registry.get(ack.id)!.session.done)).toEqual({ reason: "cancelled", detail: "cancelled by the user" });
  });

  it("ends a session with QUIT when its creator disconnects and does not come back", async () => {
    smtp = await startScriptedServer();
    const owner = await client();
    const ack = await startGreeted(owner, smtp.port);
    owner.disconnect();
    const doc = await registry.get(ack.id)!.session.done;
    expect(doc.closeReason).toBe("cancelled");
    // Nobody pressed Cancel: the record says what happened.
    expect(closeOf(doc).detail).toBe("the page that started it closed or lost its connection and did not come back within 0.3 s");
    expect(smtp.allLines).toEqual(["QUIT"]);
  });

  it("records a session the server's shutdown ended as that, not as the user's cancel, and a deleted one as deleted", async () => {
    smtp = await startScriptedServer();
    const owner = await client();
    const ack = await startGreeted(owner, smtp.port);
    const deleted = await start(owner, loopback(smtp.port, { profile: "interactive" }));
    if (!deleted.ok) throw new Error(deleted.error);
    const deletedDone = registry.get(deleted.id)!.session.done;
    registry.remove(deleted.id);
    expect(closeOf(await deletedDone)).toEqual({ reason: "cancelled", detail: "the session was deleted" });

    const done = registry.get(ack.id)!.session.done;
    await registry.closeAll();
    expect(closeOf(await done)).toEqual({ reason: "cancelled", detail: "the HeloDesk server was shut down during the test" });
    expect(smtp.allLines.at(-1)).toBe("QUIT");
  });

  it("cancels a session whose creator left while the admitter was still deciding", async () => {
    smtp = await startScriptedServer();
    let decide!: () => void;
    const decided = new Promise<void>((r) => (decide = r));
    let admitted!: (id: string) => void;
    const admittedId = new Promise<string>((r) => (admitted = r));
    let entered!: () => void;
    const inAdmitter = new Promise<void>((r) => (entered = r));
    const slow: Admitter = { admit: async () => (entered(), await decided, { ok: true, release: () => {} }) };
    const reg = new SessionRegistry({ deps: testDeps({ env: { HELODESK_ALLOWED_PORTS: "1024-65535" } }), admitter: slow }, { orphanGraceMs: 100 });
    const slowServer = await startSocketServer({ registry: reg });
    const serverSawDisconnect = new Promise<void>((r) => slowServer.io.on("connection", (sock) => sock.on("disconnect", () => r())));
    const start = reg.start.bind(reg);
    reg.start = async (...args) => {
      const result = await start(...args);
      if (result.ok) admitted(result.entry.session.id);
      return result;
    };
    const c = await connectClient(slowServer.url, clients);
    c.emit("session:start", loopback(smtp.port, { profile: "interactive" }), () => {});
    await inAdmitter;
    c.disconnect();
    await serverSawDisconnect;
    decide();
    const doc = await reg.get(await admittedId)!.session.done;
    expect(doc.closeReason).toBe("cancelled");
    await slowServer.close();
  });

  it("survives malformed payloads, missing acks and unknown events", async () => {
    const c = await client();
    const raw = c as unknown as { emit: (event: string, ...args: unknown[]) => void };
    raw.emit("session:start", "not an object");
    raw.emit("no:such:event", { x: 1 });
    const result = await new Promise((resolve) => c.emit("session:input", null, resolve));
    expect(result).toMatchObject({ ok: false });
    expect(c.connected).toBe(true);
  });
});
