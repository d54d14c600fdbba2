import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClientToServerEvents, ServerToClientEvents, StartAck } from "@/lib/socket-contract";
import { type AbuseAdmitter, createAdmitter } from "@/server/abuse/admitter";
import { loadConfig } from "@/server/config";
import { logger } from "@/server/web/logger";
import { SessionRegistry } from "@/server/web/session-registry";
import { createSocketServer, type IoServer } from "@/server/web/socket-server";
import { type ScriptedServer, startScriptedServer } from "../fixtures/scripted-server";
import { testDeps } from "../support/engine";

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const PASSWORD = "hunter2-PASSWORD-7d1f";
const BODY = "BODY-MARKER-9c2e: the content of the test message";
const lines: string[] = [];
const streamSym = pino.symbols.streamSym as unknown as keyof typeof logger;
let original: unknown;
let originalLevel: string;
let http: HttpServer;
let io: IoServer;
let admitter: AbuseAdmitter;
let registry: SessionRegistry;
let smtp: ScriptedServer;
let client: Client;

beforeAll(async () => {
  // Every line pino would write, at every level.
  original = logger[streamSym];
  originalLevel = logger.level;
  (logger as unknown as Record<PropertyKey, unknown>)[streamSym] = { write: (s: string) => void lines.push(s) };
  logger.level = "trace";
  smtp = await startScriptedServer({
    replies: { EHLO: "250-fixture.helodesk.test\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME", AUTH: "235 2.7.0 Authentication successful" },
  });
  admitter = createAdmitter(loadConfig({ HELODESK_SESSIONS_BURST: "2" }));
  registry = new SessionRegistry({ deps: testDeps({ ports: [smtp.port] }), admitter });
  http = createServer();
  io = createSocketServer(http, { registry });
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  client = connect(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, { transports: ["websocket"], forceNew: true, reconnection: false });
  await new Promise<void>((resolve, reject) => {
    client.once("connect", () => resolve());
    client.once("connect_error", reject);
  });
});

afterAll(async () => {
  client.disconnect();
  await registry.closeAll();
  await new Promise<void>((r) => io.close(() => r()));
  await admitter.close();
  await smtp.close();
  (logger as unknown as Record<PropertyKey, unknown>)[streamSym] = original;
  logger.level = originalLevel;
});

function startAndFinish(payload: object): Promise<StartAck> {
  return new Promise((resolve) => {
    client.emit("session:start", payload, (ack) => {
      if (!ack.ok) return resolve(ack);
      client.on("session:end", (m) => m.id === ack.id && resolve(ack));
    });
  });
}

describe("logs", () => {
  it("are structured and carry no AUTH password and no message body", async () => {
    const request = {
      target: "127.0.0.1",
      port: smtp.port,
      profile: "send",
      tls: "none",
      from: "a@helodesk.test",
      to: ["b@helodesk.test"],
      auth: { username: "alice", password: PASSWORD, mechanism: "PLAIN" },
      body: BODY,
      timeouts: { greetingMs: 2000, commandMs: 2000 },
    };
    expect(await startAndFinish(request)).toMatchObject({ ok: true });
    expect(smtp.messages[0]).toContain(BODY);
    expect(smtp.allLines.some((l) => l.startsWith("AUTH PLAIN"))).toBe(true);
    expect(await startAndFinish(request)).toMatchObject({ ok: true });
    // The third is refused by the burst limit, which is logged too.
    expect(await startAndFinish(request)).toMatchObject({ ok: false });

    const all = lines.join("");
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(all).toContain("session admitted");
    expect(all).toContain("session refused by a limit");
    expect(all).not.toContain(PASSWORD);
    expect(all).not.toContain(Buffer.from(`\0alice\0${PASSWORD}`).toString("base64"));
    expect(all).not.toContain("BODY-MARKER");
  });
});
