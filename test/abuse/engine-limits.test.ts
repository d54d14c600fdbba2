import { afterEach, describe, expect, it } from "vitest";
import type { SessionRequestInput } from "@/lib/schemas/request";
import { type AbuseAdmitter, createAdmitter } from "@/server/abuse/admitter";
import { sessionRef } from "@/server/abuse/session-guard";
import { loadConfig } from "@/server/config";
import { type Session, startSession } from "@/server/engine/session";
import { type ScriptedServer, startScriptedServer } from "../fixtures/scripted-server";
import { check, eventsOf, loopbackRequest, testDeps } from "../support/engine";

let server: ScriptedServer;
const admitters: AbuseAdmitter[] = [];
afterEach(async () => {
  await server?.close();
  for (const a of admitters.splice(0)) await a.close();
});

const CLIENT = "203.0.113.9";

/** Starts a session the way the registry does: admitted first, then run with the admission's guard. */
async function admitted(env: Record<string, string>, extra: Partial<SessionRequestInput>): Promise<Session> {
  const admitter = createAdmitter(loadConfig({ HELODESK_SESSIONS_BURST: "100", ...env }));
  admitters.push(admitter);
  const request = loopbackRequest(server.port, extra);
  const admission = await admitter.admit(request, { ip: CLIENT, via: "socket" });
  if (!admission.ok) throw new Error(admission.error);
  const session = startSession(request, { ...testDeps({ ports: [server.port] }), guard: admission.guard });
  void session.done.finally(admission.release);
  return session;
}

async function greeted(session: Session) {
  for await (const e of session.events()) if (e.type === "reply") return;
  throw new Error("no greeting");
}

const sent = (verb: string) => server.allLines.filter((l) => l.toUpperCase().startsWith(verb)).length;

describe("the console counts typed commands against the caps", () => {
  it("refuses the RCPT TO past the per-session cap, and the server never receives it", async () => {
    server = await startScriptedServer();
    const session = await admitted({ HELODESK_MAX_RECIPIENTS: "2" }, { profile: "interactive" });
    await greeted(session);
    await session.input("EHLO me.helodesk.test");
    await session.input("MAIL FROM:<a@helodesk.test>");
    expect(await session.input("RCPT TO:<b1@helodesk.test>")).toMatchObject({ ok: true });
    expect(await session.input("RSET")).toMatchObject({ ok: true });
    expect(await session.input("RCPT TO:<b2@helodesk.test>")).toMatchObject({ ok: true });
    const refused = await session.input("RCPT TO:<b3@helodesk.test>");
    expect(refused).toEqual({ ok: false, error: expect.stringMatching(/^At most 2 RCPT TO per session here \(HELODESK_MAX_RECIPIENTS\)/) });
    // The NOOP's reply proves the connection is live and the refused line was never written.
    expect(await session.input("NOOP")).toMatchObject({ ok: true, reply: { code: 250 } });
    expect(sent("RCPT")).toBe(2);
    session.cancel();
    const doc = await session.done;
    expect(eventsOf(doc, "note").filter((n) => n.code === "limit-refused")).toHaveLength(1);
  });

  it("limits VRFY and EXPN together, so the console is no address harvester", async () => {
    server = await startScriptedServer({ replies: { EXPN: "252 2.0.0 Cannot EXPN" } });
    const session = await admitted({ HELODESK_MAX_VRFY_PER_SESSION: "2" }, { profile: "interactive" });
    await greeted(session);
    expect(await session.input("VRFY alice")).toMatchObject({ ok: true });
    expect(await session.input("EXPN staff")).toMatchObject({ ok: true });
    expect(await session.input("VRFY bob")).toMatchObject({ ok: false, error: expect.stringMatching(/HELODESK_MAX_VRFY_PER_SESSION.*harvester/) });
    expect(await session.input("EXPN all")).toMatchObject({ ok: false });
    expect(await session.input("NOOP")).toMatchObject({ ok: true });
    expect(server.allLines.filter((l) => /^(VRFY|EXPN)/.test(l))).toEqual(["VRFY alice", "EXPN staff"]);
    session.cancel();
    await session.done;
  });

  it("counts typed RCPT TO against the client's hourly probe budget across sessions", async () => {
    server = await startScriptedServer();
    const admitter = createAdmitter(loadConfig({ HELODESK_PROBES_PER_HOUR: "3" }));
    admitters.push(admitter);
    const results: boolean[] = [];
    for (let i = 0; i < 2; i++) {
      const request = loopbackRequest(server.port, { profile: "interactive" });
      const admission = await admitter.admit(request, { ip: CLIENT, via: "socket" });
      if (!admission.ok) throw new Error(admission.error);
      const session = startSession(request, { ...testDeps({ ports: [server.port] }), guard: admission.guard });
      await greeted(session);
      await session.input("MAIL FROM:<a@helodesk.test>");
      results.push((await session.input("RCPT TO:<x@helodesk.test>")).ok, (await session.input("RCPT TO:<y@helodesk.test>")).ok);
      session.cancel();
      await session.done;
      admission.release();
    }
    expect(results).toEqual([true, true, true, false]);
    expect(sent("RCPT")).toBe(3);
  });

  it("refuses a typed body line that would pass the message size cap", async () => {
    server = await startScriptedServer();
    const session = await admitted({ HELODESK_MAX_MESSAGE_BYTES: "1024" }, { profile: "interactive" });
    await greeted(session);
    await session.input("MAIL FROM:<a@helodesk.test>");
    await session.input("RCPT TO:<b@helodesk.test>");
    await session.input("DATA");
    expect(await session.input("x".repeat(900))).toMatchObject({ ok: true, mode: "data" });
    expect(await session.input("y".repeat(200))).toMatchObject({ ok: false, error: expect.stringMatching(/limit of 1024 bytes/) });
    expect(await session.input(".")).toMatchObject({ ok: true, reply: { code: 250 } });
    expect(server.messages).toEqual(["x".repeat(900)]);
    session.cancel();
    await session.done;
  });
});

describe("a public deployment", () => {
  const send = { profile: "send" as const, from: "me@helodesk.test", to: ["you@helodesk.test"] };

  it("stops the send profile after RCPT TO: no DATA reaches the server", async () => {
    server = await startScriptedServer();
    const session = await admitted({ HELODESK_PUBLIC: "1" }, send);
    const doc = await session.done;
    expect(sent("RCPT")).toBe(1);
    expect(sent("DATA")).toBe(0);
    expect(server.messages).toEqual([]);
    expect(server.allLines.slice(-2)).toEqual(["RSET", "QUIT"]);
    expect(eventsOf(doc, "note").find((n) => n.code === "send-disabled")?.text).toMatch(/HELODESK_ALLOW_SEND=1/);
    expect(check(doc, "message-accepted")?.status).toBe("info");
    expect(doc.closeReason).toBe("quit");
  });

  it("refuses DATA typed in the console, before it reaches the server", async () => {
    server = await startScriptedServer();
    const session = await admitted({ HELODESK_PUBLIC: "1" }, { profile: "interactive" });
    await greeted(session);
    await session.input("MAIL FROM:<a@helodesk.test>");
    expect(await session.input("RCPT TO:<b@helodesk.test>")).toMatchObject({ ok: true });
    expect(await session.input("DATA")).toMatchObject({ ok: false, error: expect.stringMatching(/stops after RCPT TO/) });
    expect(await session.input("NOOP")).toMatchObject({ ok: true });
    expect(sent("DATA")).toBe(0);
    session.cancel();
    await session.done;
  });

  it("when sending is allowed, labels the one message with the session and client", async () => {
    server = await startScriptedServer();
    const session = await admitted({ HELODESK_PUBLIC: "1", HELODESK_ALLOW_SEND: "1" }, send);
    const doc = await session.done;
    expect(server.messages).toHaveLength(1);
    // Header names are case-insensitive; MailComposer writes this one as X-Helodesk-Test.
    expect(server.messages[0]!.toLowerCase()).toContain(`x-helodesk-test: session ${sessionRef(doc.id)} for client ${CLIENT}`);
    // The share link's id is a bearer token: the recipient gets a reference, not the id.
    expect(server.messages[0]).not.toContain(doc.id);
    expect(check(doc, "message-accepted")?.status).toBe("pass");
  });

  it("when sending is allowed, refuses a message over the public size ceiling before MAIL FROM", async () => {
    server = await startScriptedServer();
    const session = await admitted({ HELODESK_PUBLIC: "1", HELODESK_ALLOW_SEND: "1" }, { ...send, body: "z".repeat(20_000) });
    const doc = await session.done;
    expect(sent("MAIL")).toBe(0);
    expect(eventsOf(doc, "note").find((n) => n.code === "limit-refused")?.text).toMatch(/limit of 16384 bytes/);
  });

  it("in the console, labels the typed message and allows only one per session", async () => {
    server = await startScriptedServer();
    const session = await admitted({ HELODESK_PUBLIC: "1", HELODESK_ALLOW_SEND: "1" }, { profile: "interactive" });
    await greeted(session);
    await session.input("MAIL FROM:<a@helodesk.test>");
    await session.input("RCPT TO:<b@helodesk.test>");
    expect(await session.input("DATA")).toMatchObject({ ok: true, mode: "data" });
    await session.input("Subject: hello");
    expect(await session.input(".")).toMatchObject({ ok: true, reply: { code: 250 } });
    await session.input("MAIL FROM:<a@helodesk.test>");
    await session.input("RCPT TO:<b@helodesk.test>");
    expect(await session.input("DATA")).toMatchObject({ ok: false, error: expect.stringMatching(/one test message per session/) });
    expect(sent("DATA")).toBe(1);
    expect(server.messages[0]).toMatch(new RegExp(`^X-HeloDesk-Test: session [0-9a-f]{16} for client ${CLIENT.replace(/\./g, "\\.")}\r\nSubject: hello$`));
    session.cancel();
    await session.done;
  });
});

describe("per-address limits after DNS", () => {
  it("refuses to connect once an address has had its sessions this minute, and never connects", async () => {
    server = await startScriptedServer();
    const admitter = createAdmitter(loadConfig({ HELODESK_TARGET_SESSIONS_PER_MINUTE: "1", HELODESK_SESSIONS_BURST: "100" }));
    admitters.push(admitter);
    const docs = [];
    for (const ip of ["192.0.2.1", "192.0.2.2"]) {
      const request = loopbackRequest(server.port, { profile: "banner" });
      const admission = await admitter.admit(request, { ip, via: "socket" });
      if (!admission.ok) throw new Error(admission.error);
      docs.push(await startSession(request, { ...testDeps({ ports: [server.port] }), guard: admission.guard }).done);
      admission.release();
    }
    expect(docs[0]!.closeReason).toBe("quit");
    expect(docs[1]!.closeReason).toBe("refused");
    expect(eventsOf(docs[1]!, "note").at(-1)?.text).toMatch(/^Too many sessions to 127\.0\.0\.1: .*HELODESK_TARGET_SESSIONS_PER_MINUTE.*retry in \d+ s\.$/);
    expect(eventsOf(docs[1]!, "connect")).toHaveLength(0);
    expect(server.connections).toHaveLength(1);
  });

  it("limits a /24 as one network", async () => {
    server = await startScriptedServer();
    const admitter = createAdmitter(loadConfig({ HELODESK_NETWORK_SESSIONS_PER_MINUTE: "1" }));
    admitters.push(admitter);
    const a = await admitter.admit(loopbackRequest(server.port), { ip: CLIENT, via: "socket" });
    const b = await admitter.admit(loopbackRequest(server.port), { ip: CLIENT, via: "socket" });
    if (!a.ok || !b.ok) throw new Error("expected admission");
    expect(await a.guard!.connecting(["198.51.100.1"])).toBeNull();
    expect(await b.guard!.connecting(["198.51.100.200"])).toMatchObject({ limit: "target-network", message: expect.stringMatching(/network 198\.51\.100\.0\/24/) });
    expect(await a.guard!.connecting(["2001:db8:aa::1"])).toBeNull();
    expect(await b.guard!.connecting(["2001:db8:aa:ffff::1"])).toMatchObject({ message: expect.stringMatching(/2001:db8:aa::\/48/) });
  });
});

describe("a request's deadlines", () => {
  it("may shorten the operator's deadlines but never lengthen them", async () => {
    // The greeting comes after 1.5 s; the operator allows 500 ms; the request asks for 10 s and 5 min.
    server = await startScriptedServer({ greeting: (conn) => void setTimeout(() => conn.reply("220 slow.helodesk.test ESMTP"), 1_500) });
    const deps = testDeps({ ports: [server.port], env: { HELODESK_GREETING_TIMEOUT_MS: "500", HELODESK_SESSION_TIMEOUT_MS: "5000" } });
    const started = performance.now();
    const doc = await startSession(loopbackRequest(server.port, { profile: "banner", timeouts: { greetingMs: 10_000, sessionMs: 300_000 } }), deps).done;
    expect(eventsOf(doc, "wait")[0]).toMatchObject({ command: "CONNECT", timeoutMs: 500 });
    expect(doc.closeReason).toBe("timeout");
    expect(performance.now() - started).toBeLessThan(1_400);
    // Shorter than the operator's: taken as asked.
    const short = await startSession(loopbackRequest(server.port, { profile: "banner", timeouts: { greetingMs: 200 } }), deps).done;
    expect(eventsOf(short, "wait")[0]).toMatchObject({ timeoutMs: 200 });
  });
});

describe("the hourly message budget", () => {
  it("counts a send-profile message only once it went out: a recipient refused or a message too big gives it back", async () => {
    server = await startScriptedServer({ replies: { RCPT: (line) => (/refused@/.test(line) ? "550 5.1.1 No such user" : "250 2.1.5 Ok") } });
    const admitter = createAdmitter(loadConfig({ HELODESK_SESSIONS_BURST: "100", HELODESK_MESSAGES_PER_HOUR: "1", HELODESK_MAX_MESSAGE_BYTES: "1024" }));
    admitters.push(admitter);
    const run = async (extra: Partial<SessionRequestInput>) => {
      const request = loopbackRequest(server.port, { profile: "send", from: "me@helodesk.test", to: ["you@helodesk.test"], ...extra });
      const admission = await admitter.admit(request, { ip: CLIENT, via: "rest" });
      if (!admission.ok) return admission.error;
      const doc = await startSession(request, { ...testDeps({ ports: [server.port] }), guard: admission.guard }).done;
      admission.release();
      // The refund is asynchronous (Redis may hold the budget): let it land.
      await new Promise((r) => setTimeout(r, 20));
      return doc.outcome;
    };
    expect(await run({ to: ["refused@helodesk.test"] })).toBe("fail");
    expect(await run({ body: "x".repeat(2_000) })).toBe("fail");
    expect(server.messages).toEqual([]);
    // Both gave the one message back: this one goes out, and then the hour's budget is spent.
    expect(await run({})).toBe("pass");
    expect(server.messages).toHaveLength(1);
    expect(await run({})).toMatch(/^You have sent 1 test message in the last hour/);
  });
});
