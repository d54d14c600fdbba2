import { createServer, type Server as HttpServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { io as connect, type Socket } from "socket.io-client";
import { afterEach, describe, expect, it } from "vitest";
import type { ClientToServerEvents, ServerToClientEvents } from "@/lib/socket-contract";
import { ACCESS_COOKIE, accessCookieValue } from "@/server/web/security-access";
import { hostPolicy } from "@/server/web/security-host";
import type { SocketSecurity } from "@/server/web/security-socket";
import { SessionRegistry } from "@/server/web/session-registry";
import { createSocketServer, type IoServer } from "@/server/web/socket-server";
import { testDeps } from "../support/engine";

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
type Transport = "websocket" | "polling";

let http: HttpServer;
let io: IoServer;
let url: string;
const clients: Client[] = [];

async function serve(security: Partial<SocketSecurity> = {}): Promise<void> {
  const registry = new SessionRegistry({ deps: testDeps() });
  http = createServer();
  io = createSocketServer(http, { registry, security: { allowedOrigins: [], eventsPerSecond: 50, ...security } });
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.disconnect();
  await new Promise<void>((r) => io.close(() => r()));
});

/** Connects with the given headers; resolves "connected" or the connect error's text, within 5 s. */
function attempt(transport: Transport, headers: Record<string, string> = {}): Promise<{ client: Client; result: string }> {
  const client: Client = connect(url, { transports: [transport], forceNew: true, reconnection: false, extraHeaders: headers, timeout: 5000 });
  clients.push(client);
  return new Promise((resolve) => {
    client.once("connect", () => resolve({ client, result: "connected" }));
    client.once("connect_error", (err: Error & { context?: { responseText?: string }; description?: unknown }) =>
      resolve({ client, result: `refused: ${err.message} ${JSON.stringify(err.description ?? "")} ${err.context?.responseText ?? ""}` }),
    );
  });
}

const emit = (c: Client, event: string, payload: unknown) =>
  new Promise<{ ok: boolean; error?: string; retryAfterSec?: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ack for ${event} within 3 s`)), 3000);
    (c.emit as (e: string, p: unknown, ack: (r: never) => void) => void)(event, payload, (r) => {
      clearTimeout(timer);
      resolve(r);
    });
  });

describe("Origin check", () => {
  it.each<Transport>(["websocket", "polling"])("refuses a page from another origin over %s", async (transport) => {
    await serve();
    const { result } = await attempt(transport, { Origin: "http://evil.example" });
    expect(result).toMatch(/^refused/);
    expect(io.of("/").sockets.size).toBe(0);
  });

  it.each<Transport>(["websocket", "polling"])("lets the server's own origin in over %s", async (transport) => {
    await serve();
    expect((await attempt(transport, { Origin: url })).result).toBe("connected");
  });

  it("lets a listed origin in, and a client without Origin (CLI, scripts)", async () => {
    await serve({ allowedOrigins: ["https://helodesk.example.com"] });
    expect((await attempt("websocket", { Origin: "https://helodesk.example.com" })).result).toBe("connected");
    expect((await attempt("polling")).result).toBe("connected");
    expect((await attempt("polling", { Origin: "https://helodesk.example.com.evil.example" })).result).toMatch(/^refused/);
  });

  it("answers the refused polling handshake with 403, a sentence naming the setting, and nosniff", async () => {
    await serve();
    const res = await fetch(`${url}/socket.io/?EIO=4&transport=polling`, { headers: { Origin: "http://evil.example" } });
    expect(res.status).toBe(403);
    expect((await res.json()).message).toMatch(/refuses socket connections from pages of other sites \(origin http:\/\/evil\.example\).*HELODESK_ALLOWED_ORIGINS/);
    const ok = await fetch(`${url}/socket.io/?EIO=4&transport=polling`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("x-content-type-options")).toBe("nosniff");
  });
});

/** A GET with exactly these headers (fetch may not set Host: it is a forbidden header there). */
function rawGet(path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, { headers }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("Host check (DNS rebinding)", () => {
  // A page on rebind.attacker.example whose name now resolves to this server: its Origin matches the Host.
  const rebound = { Host: "rebind.attacker.example", Origin: "http://rebind.attacker.example" };

  it("refuses a name the server does not answer to, its Origin matching, before any handshake", async () => {
    await serve();
    expect((await attempt("websocket", rebound)).result).toMatch(/^refused/);
    expect(io.of("/").sockets.size).toBe(0);
    const res = await rawGet("/socket.io/?EIO=4&transport=polling", rebound);
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body).message).toMatch(/does not answer to the name rebind\.attacker\.example: .*HELODESK_PUBLIC_URL/);
  });

  it("serves its address, localhost and the names its settings give", async () => {
    await serve({ hosts: hostPolicy({ publicUrl: "https://helodesk.example.com", allowedOrigins: [], bindHost: "127.0.0.1" }) });
    expect((await attempt("websocket", { Host: "helodesk.example.com", Origin: "https://helodesk.example.com" })).result).toBe("connected");
    expect((await attempt("websocket", { Host: "localhost:3000", Origin: "http://localhost:3000" })).result).toBe("connected");
    expect((await attempt("websocket")).result).toBe("connected");
    expect((await rawGet("/socket.io/?EIO=4&transport=polling", { Host: "[::1]:3000" })).status).toBe(200);
    expect((await attempt("websocket", { Host: "helodesk.example.com.attacker.example", Origin: "http://helodesk.example.com.attacker.example" })).result).toMatch(/^refused/);
  });
});

describe("events", () => {
  it("drops unknown events, answering an ack with an error, and keeps serving known ones", async () => {
    await serve();
    const { client } = await attempt("websocket");
    expect(await emit(client, "admin:shutdown", {})).toEqual({ ok: false, error: "unknown event admin:shutdown: HeloDesk ignores it" });
    (client.emit as (e: string) => void)("no-ack-either");
    expect(await emit(client, "session:watch", { id: "x" })).toMatchObject({ ok: false, error: expect.stringMatching(/session id/) });
    expect(client.connected).toBe(true);
  });

  it("drops events past the per-connection rate with an error ack and a retry-after", async () => {
    await serve({ eventsPerSecond: 3 });
    const { client } = await attempt("websocket");
    const acks = await Promise.all(Array.from({ length: 10 }, () => emit(client, "session:watch", { id: "x" })));
    const limited = acks.filter((a) => /too many messages/.test(a.error ?? ""));
    // A burst of twice the rate goes through; the rest is refused.
    expect(acks.length - limited.length).toBe(6);
    expect(limited[0]).toEqual({ ok: false, error: "too many messages on this connection: at most 3 a second; retry in 1 s", retryAfterSec: 1 });
    expect(client.connected).toBe(true);
  });

  it("counts unknown events against the same rate: a flood of made-up names is cut off too", async () => {
    await serve({ eventsPerSecond: 3 });
    const { client } = await attempt("websocket");
    const acks = await Promise.all(Array.from({ length: 10 }, (_, i) => emit(client, `made-up:${i}`, {})));
    expect(acks.filter((a) => /too many messages/.test(a.error ?? ""))).toHaveLength(4);
    expect(await emit(client, "session:watch", { id: "x" })).toMatchObject({ error: expect.stringMatching(/too many messages/) });
  });
});

describe("access token", () => {
  const token = "internal-token-0123456789";
  const start = { target: "bad target" };

  it("refuses session:start without the cookie or bearer token, before reading the payload", async () => {
    await serve({ accessToken: token });
    const { client } = await attempt("websocket");
    expect(await emit(client, "session:start", start)).toMatchObject({ ok: false, error: expect.stringMatching(/This HeloDesk is private/) });
    // Watching a shared session needs only the link.
    expect(await emit(client, "session:watch", { id: "x" })).toMatchObject({ error: expect.stringMatching(/session id/) });
  });

  it("accepts session:start with the access cookie or the bearer token", async () => {
    await serve({ accessToken: token });
    const viaCookie = (await attempt("websocket", { Cookie: `${ACCESS_COOKIE}=${await accessCookieValue(token)}` })).client;
    const viaBearer = (await attempt("polling", { Authorization: `Bearer ${token}` })).client;
    const wrong = (await attempt("websocket", { Cookie: `${ACCESS_COOKIE}=${await accessCookieValue("some-other-token-xyz")}` })).client;
    // The gate let these through: the payload's own validation answers.
    expect(await emit(viaCookie, "session:start", start)).toMatchObject({ ok: false, error: expect.stringMatching(/target/i) });
    expect(await emit(viaBearer, "session:start", start)).toMatchObject({ ok: false, error: expect.stringMatching(/target/i) });
    expect(await emit(wrong, "session:start", start)).toMatchObject({ error: expect.stringMatching(/private/) });
  });
});
