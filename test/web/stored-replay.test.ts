import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SessionEvent } from "@/lib/schemas/events";
import type { StartAck, WatchAck } from "@/lib/socket-contract";
import { openStore } from "@/server/store/open-store";
import type { KyselySessionStore } from "@/server/store/session-store";
import type { SessionStore } from "@/server/store/types";
import { SessionRegistry } from "@/server/web/session-registry";
import { type ScriptedServer, startScriptedServer } from "../fixtures/scripted-server";
import { loopbackRequest, testDeps } from "../support/engine";
import { type TestClient, type TestSocketServer, connectClient, startSocketServer } from "../support/socket-client";

let dir: string;
let store: KyselySessionStore;
let smtp: ScriptedServer;
let server: TestSocketServer | null = null;
let registry: SessionRegistry | null = null;
const clients: TestClient[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "helodesk-replay-"));
  store = (await openStore({ HELODESK_DATA_DIR: dir, DATABASE_URL: undefined })).store;
  smtp = await startScriptedServer({ replies: { RCPT: "250 2.1.5 <BOB@EXAMPLE.NET> ok" } });
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.disconnect();
  await registry?.closeAll();
  await server?.close();
  await smtp.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  registry = server = null;
});

async function serve(withStore: SessionStore): Promise<string> {
  registry = new SessionRegistry({ deps: testDeps({ ports: [smtp.port] }), store: withStore }, { keepFinishedMs: 60_000 });
  server = await startSocketServer({ registry });
  return server.url;
}

function follow(c: TestClient, id: string, watch?: { token?: string; after?: number }) {
  const events: SessionEvent[] = [];
  const ended = new Promise<void>((resolve) => {
    c.on("session:event", (m) => m.id === id && events.push(m.event));
    c.on("session:end", (m) => m.id === id && resolve());
  });
  const ack = watch ? new Promise<WatchAck>((resolve) => c.emit("session:watch", { id, after: watch.after ?? -1, ...(watch.token ? { token: watch.token } : {}) }, resolve)) : null;
  return { events, ended, ack };
}

const sendRequest = () =>
  loopbackRequest(smtp.port, { profile: "send", from: "alice@example.org", to: ["bob@example.net"], body: "line one", share: { hideAddresses: true } } as never);

/** Runs a send session to its end over socket.io; returns its ids and what its creator was sent live. */
async function finishedSession(url: string) {
  const creator = await connectClient(url, clients);
  // Listens in the ack's own callback: the first events can come in the same read as the ack.
  const [started, live] = await new Promise<[StartAck, ReturnType<typeof follow> | null]>((resolve) =>
    creator.emit("session:start", sendRequest(), (ack) => resolve([ack, ack.ok ? follow(creator, ack.id) : null])),
  );
  if (!started.ok || !live) throw new Error(started.ok ? "no session" : started.error);
  await live.ended;
  return { ...started, live: live.events };
}

/** Until the registry has let the session go (its final state committed), within two seconds. */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

describe("a finished session with a store", () => {
  it("leaves memory once stored; watching it replays from the store: the creator everything, others redacted", async () => {
    const url = await serve(store);
    const session = await finishedSession(url);
    await until(() => registry!.get(session.id) === undefined);

    const own = follow(await connectClient(url, clients), session.id, { token: session.token });
    expect(await own.ack).toEqual({ ok: true, state: "finished" });
    await own.ended;
    // What the creator saw live, event for event, as the store gives it back.
    expect(own.events).toEqual(JSON.parse(JSON.stringify(session.live)));

    const viewer = follow(await connectClient(url, clients), session.id, { after: 3 });
    expect(await viewer.ack).toEqual({ ok: true, state: "finished" });
    await viewer.ended;
    expect(viewer.events[0]?.seq).toBe(4);
    expect(viewer.events.at(-1)?.type).toBe("close");
    const text = JSON.stringify(viewer.events);
    expect(text).not.toMatch(/bob@example\.net/i);
    expect(text).toContain("RCPT TO:<[recipient hidden]>");
    expect(JSON.stringify(own.events)).toContain("RCPT TO:<bob@example.net>");
  });

  it("lets the garbage collector have the session's log: nothing else keeps it", async () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const url = await serve(store);
    // Taken as the registry starts it (a fast store lets it go right after its end), in a function of
    // its own, so no variable of this test holds the session itself.
    let weak: WeakRef<object> | undefined;
    const start = registry!.start.bind(registry);
    registry!.start = async (...args) => {
      const result = await start(...args);
      if (result.ok) weak = new WeakRef(result.entry.session);
      return result;
    };
    const session = await finishedSession(url);
    await until(() => registry!.get(session.id) === undefined);
    // A WeakRef keeps its target for the rest of the task that read it: collect in a task of its own.
    for (let i = 0; i < 10; i++) {
      await new Promise((r) => setTimeout(r, 20));
      gc();
      await new Promise((r) => setTimeout(r, 0));
      if (weak!.deref() === undefined) break;
    }
    expect(weak!.deref()).toBeUndefined();
  });

  it("answers a deleted session's watch with why, and an unknown one as before", async () => {
    const url = await serve(store);
    const session = await finishedSession(url);
    await until(() => registry!.get(session.id) === undefined);
    expect(await store.delete(session.id, session.deleteToken)).toBe("deleted");
    const c = await connectClient(url, clients);
    const deleted = await new Promise<WatchAck>((resolve) => c.emit("session:watch", { id: session.id, after: -1 }, resolve));
    expect(deleted).toEqual({ ok: false, error: expect.stringMatching(/deleted by its creator/) });
    const unknown = await new Promise<WatchAck>((resolve) => c.emit("session:watch", { id: "A".repeat(22), after: -1 }, resolve));
    expect(unknown).toEqual({ ok: false, error: expect.stringMatching(/no such session/) });
  });

  it("stays in memory when the store did not take its final state", async () => {
    const failing: SessionStore = {
      ...store,
      ordered: store.ordered,
      create: (doc, meta) => store.create(doc, meta),
      append: (id, event) => store.append(id, event),
      finish: () => Promise.reject(new Error("disk full")),
      get: (id) => store.get(id),
      delete: (id, token) => store.delete(id, token),
      markInterrupted: () => store.markInterrupted(),
      purgeExpired: (now) => store.purgeExpired(now),
      close: () => store.close(),
    };
    const url = await serve(failing);
    const session = await finishedSession(url);
    // The registry decides once the finish has failed: give it the time the success case needs.
    await new Promise((r) => setTimeout(r, 200));
    expect(registry!.get(session.id)?.session.document().state).toBe("finished");
    const viewer = follow(await connectClient(url, clients), session.id, {});
    expect(await viewer.ack).toEqual({ ok: true, state: "finished" });
    await viewer.ended;
    expect(viewer.events.at(-1)?.type).toBe("close");
  });
});

describe("a finished session without a store", () => {
  it("stays in memory for late viewers", async () => {
    registry = new SessionRegistry({ deps: testDeps({ ports: [smtp.port] }) }, { keepFinishedMs: 60_000 });
    server = await startSocketServer({ registry });
    const session = await finishedSession(server.url);
    await new Promise((r) => setTimeout(r, 100));
    expect(registry.get(session.id)?.session.document().state).toBe("finished");
  });
});

describe("a running session deleted while watched", () => {
  it("sends its viewers the close, saying it was deleted, and the end", async () => {
    const url = await serve(store);
    const creator = await connectClient(url, clients);
    const started = await new Promise<StartAck>((resolve) => creator.emit("session:start", loopbackRequest(smtp.port, { profile: "interactive" }), resolve));
    if (!started.ok) throw new Error(started.error);
    const viewer = follow(await connectClient(url, clients), started.id, {});
    expect(await viewer.ack).toMatchObject({ ok: true, state: "running" });
    await until(() => viewer.events.some((e) => e.type === "reply"));

    expect(await store.delete(started.id, started.deleteToken)).toBe("deleted");
    registry!.remove(started.id);
    await viewer.ended;
    expect(viewer.events.at(-1)).toMatchObject({ type: "close", reason: "cancelled", detail: "the session was deleted" });
  });
});
