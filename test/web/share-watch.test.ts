import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bodyHidden } from "@/lib/redaction";
import type { SessionEvent } from "@/lib/schemas/events";
import type { StartAck, WatchAck } from "@/lib/socket-contract";
import { SessionRegistry } from "@/server/web/session-registry";
import { type ScriptedServer, startScriptedServer } from "../fixtures/scripted-server";
import { testDeps, loopbackRequest } from "../support/engine";
import { type TestClient, type TestSocketServer, connectClient, startSocketServer } from "../support/socket-client";

type Client = TestClient;

let server: TestSocketServer;
let registry: SessionRegistry;
let url: string;
let smtp: ScriptedServer;
const clients: Client[] = [];
/** Opens the gate the scripted server holds the DATA reply behind. */
let releaseData: () => void;

beforeEach(async () => {
  const gate = new Promise<void>((resolve) => (releaseData = resolve));
  smtp = await startScriptedServer({
    replies: {
      // Holds the 354 until the test has its viewers watching: the session stays open meanwhile.
      DATA: (_line, conn) => {
        void gate.then(() => conn.reply("354 go ahead"));
        return undefined;
      },
      RCPT: "250 2.1.5 <BOB@EXAMPLE.NET> ok",
    },
  });
  registry = new SessionRegistry({ deps: testDeps({ ports: [smtp.port] }) });
  server = await startSocketServer({ registry });
  url = server.url;
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.disconnect();
  await registry.closeAll();
  await server.close();
  await smtp.close();
});

const client = (): Promise<Client> => connectClient(url, clients);

function follow(c: Client, id: string, token?: string): { events: SessionEvent[]; ack: Promise<WatchAck>; ended: Promise<void> } {
  const events: SessionEvent[] = [];
  const ended = new Promise<void>((resolve) => {
    c.on("session:event", (m) => m.id === id && events.push(m.event));
    c.on("session:end", (m) => m.id === id && resolve());
  });
  const ack = new Promise<WatchAck>((resolve) => c.emit("session:watch", { id, after: -1, ...(token ? { token } : {}) }, resolve));
  return { events, ack, ended };
}

const sendRequest = (share: object) =>
  loopbackRequest(smtp.port, { profile: "send", from: "alice@example.org", to: ["bob@example.net"], body: "line one\r\nline two", share } as never);

const lines = (events: SessionEvent[]) => events.flatMap((e) => (e.type === "send" ? [e.line] : e.type === "reply" ? e.lines : []));

describe("following a session through its share link", () => {
  it("sends viewers the events redacted as the creator chose, live and replayed, and the creator everything", async () => {
    const creator = await client();
    const started = await new Promise<StartAck>((resolve) => creator.emit("session:start", sendRequest({ hideAddresses: true, hideBody: true }), resolve));
    if (!started.ok) throw new Error(started.error);
    const own = follow(creator, started.id, started.token);
    // Two viewers at once, both joining while the session waits for the 354.
    const [a, b] = [follow(await client(), started.id), follow(await client(), started.id)];
    expect(await a.ack).toEqual({ ok: true, state: "running" });
    expect(await b.ack).toEqual({ ok: true, state: "running" });
    releaseData();
    await Promise.all([a.ended, b.ended, own.ended]);

    for (const viewer of [a, b]) {
      const seen = lines(viewer.events);
      expect(seen.join("\n")).not.toMatch(/alice@|bob@|line one/i);
      expect(seen).toContain("RCPT TO:<[recipient hidden]>");
      expect(seen).toContain("250 2.1.5 <[recipient hidden]> ok");
      expect(countBody(own.events)).toBeGreaterThan(1);
      expect(seen).toContain(bodyHidden(countBody(own.events)));
      const seqs = viewer.events.map((e) => e.seq);
      expect(new Set(seqs).size).toBe(seqs.length);
    }
    expect(lines(own.events)).toContain("RCPT TO:<bob@example.net>");
  });

  it("follows a session started without socket.io (the REST API) live", async () => {
    const started = await registry.start(sendRequest({}), { ip: "127.0.0.1", via: "rest" });
    if (!started.ok) throw new Error(started.error);
    const viewer = follow(await client(), started.entry.session.id);
    expect(await viewer.ack).toEqual({ ok: true, state: "running" });
    const before = viewer.events.length;
    releaseData();
    await viewer.ended;
    expect(viewer.events.length).toBeGreaterThan(before);
    expect(viewer.events.map((e) => e.seq)).toEqual(started.entry.session.document().events.map((e) => e.seq));
  });
});

function countBody(events: SessionEvent[]): number {
  return events.filter((e) => e.type === "send" && e.command === "DATA-LINE").length;
}
