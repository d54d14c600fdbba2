import net, { type AddressInfo } from "node:net";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { SessionRequestInput, TimeoutOverrides } from "@/lib/schemas/request";
import { SessionDocument } from "@/lib/schemas/session";
import { shareTitle } from "@/lib/exports";
import { timingSteps } from "@/lib/session-view";
import { type EngineDeps, startSession } from "@/server/engine/session";
import { type Reply, type ScriptedConnection, type ScriptedServer, startScriptedServer } from "../fixtures/scripted-server";
import { type TestCertificates, getTestCertificates } from "../fixtures/tls-certs";
import { check, eventsOf, loopbackRequest, mappedTransport, run, sentLines, testDeps } from "../support/engine";

/**
 * Servers that misbehave on purpose: silent, dripping, flooding, lying about TLS, hanging up. Each
 * session must end with the close reason and note an admin can act on, and within its deadline.
 */

let server: ScriptedServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

/** Scheduling slack on top of a deadline before a session counts as late. */
const MARGIN_MS = 1_000;

/** Short phase deadlines so a hostile server ends a test in about a second. */
function fast(overrides: TimeoutOverrides = {}): Required<TimeoutOverrides> {
  return { connectMs: 1_000, greetingMs: 1_000, commandMs: 1_000, dataEndMs: 1_000, tlsMs: 1_000, sessionMs: 8_000, ...overrides };
}

/** Runs a session against the fixture and measures how long it took to close. */
async function timedRun(extra: Partial<SessionRequestInput>, deps?: EngineDeps, port = server!.port) {
  const started = performance.now();
  const doc = await run(loopbackRequest(port, { timeouts: fast(), ...extra }), deps ?? testDeps({ ports: [port] }));
  return { doc, ms: performance.now() - started };
}

function note(doc: SessionDocument, code: string) {
  return eventsOf(doc, "note").find((n) => n.code === code);
}

function replyTo(doc: SessionDocument, command: string) {
  return eventsOf(doc, "reply").find((r) => r.command === command);
}

/** Writes text one byte at a time; stops when the client hangs up. */
function drip(conn: ScriptedConnection, text: string, everyMs: number): { sent: number } {
  const state = { sent: 0 };
  const timer = setInterval(() => (state.sent < text.length ? conn.write(text[state.sent++]!) : clearInterval(timer)), everyMs);
  conn.socket.once("close", () => clearInterval(timer));
  return state;
}

/**
 * Writes the chunk again and again, honouring backpressure, until the client hangs up. The cap only
 * keeps a broken client from turning a failing test into a hung one.
 */
function flood(conn: ScriptedConnection, chunk: string, capBytes = 64 * 1024 * 1024): { sent: number } {
  const state = { sent: 0 };
  const pump = () => {
    while (!conn.socket.destroyed && state.sent < capBytes) {
      state.sent += chunk.length;
      if (!conn.socket.write(chunk)) {
        conn.socket.once("drain", pump);
        return;
      }
    }
  };
  pump();
  return state;
}

/** Answers after delayMs, as a tarpit does; then runs `after` (e.g. to close after 221). */
function slowly(delayMs: number, lines: string[], after?: (conn: ScriptedConnection) => void): Reply {
  return (_line, conn) => {
    const timer = setTimeout(() => {
      conn.reply(...lines);
      after?.(conn);
    }, delayMs);
    conn.socket.once("close", () => clearTimeout(timer));
    return undefined;
  };
}

/** A loopback port where nothing listens: connects are refused at once. */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe("silent and slow servers", () => {
  it("gives up on a server that never greets, within the greeting deadline, without talking first", async () => {
    server = await startScriptedServer({ greeting: () => undefined });
    const { doc, ms } = await timedRun({ profile: "ehlo", timeouts: fast({ greetingMs: 500 }) });

    expect(SessionDocument.parse(doc)).toBeTruthy();
    expect(doc.closeReason).toBe("timeout");
    expect(doc.outcome).toBe("error");
    expect(note(doc, "greeting-timeout")).toMatchObject({ level: "error" });
    expect(note(doc, "greeting-timeout")?.text).toMatch(/^The 220 greeting did not arrive within 0\.5 s\. /);
    expect(note(doc, "greeting-timeout")?.text).toMatch(/did not send a complete greeting/);
    expect(check(doc, "greeting")).toMatchObject({ status: "fail", detail: note(doc, "greeting-timeout")?.text });
    expect(check(doc, "connection")?.status).toBe("pass");
    expect(eventsOf(doc, "reply")).toHaveLength(0);
    expect(server.allLines).toEqual([]);
    expect(ms).toBeGreaterThanOrEqual(450);
    expect(ms).toBeLessThan(500 + MARGIN_MS);
  });

  it("times out a greeting dripped a byte at a time: the deadline is absolute, not an idle timer", async () => {
    let dripping = { sent: 0 };
    server = await startScriptedServer({ greeting: (conn) => (dripping = drip(conn, "220 tarpit.helodesk.test ESMTP slowly now\r\n", 200)) });
    const { doc, ms } = await timedRun({ profile: "ehlo", timeouts: fast({ greetingMs: 1_000 }) });

    expect(doc.closeReason).toBe("timeout");
    const timeout = note(doc, "greeting-timeout");
    expect(timeout?.text).toMatch(/sent part of it and stalled/);
    expect(timeout?.text).toMatch(/1\.0 s/);
    expect(check(doc, "greeting")?.status).toBe("fail");
    expect(eventsOf(doc, "reply")).toHaveLength(0);
    // A byte came every 200 ms up to the deadline: an idle timer of 1 s would never have fired.
    expect(dripping.sent).toBeGreaterThanOrEqual(4);
    expect(ms).toBeLessThan(1_000 + MARGIN_MS);
  });

  it("completes with a tarpit that answers every command late, noting each slow reply", async () => {
    const TARPIT_MS = 400;
    server = await startScriptedServer({
      replies: {
        EHLO: slowly(TARPIT_MS, ["250-tarpit.helodesk.test", "250 8BITMIME"]),
        QUIT: slowly(TARPIT_MS, ["221 2.0.0 Bye"], (conn) => conn.close()),
      },
    });
    const deps: EngineDeps = { ...testDeps({ ports: [server.port] }), slowReplyMs: 300 };
    const { doc, ms } = await timedRun({ profile: "ehlo", timeouts: fast({ commandMs: 3_000 }) }, deps);

    expect(SessionDocument.parse(doc)).toBeTruthy();
    expect(doc.closeReason).toBe("quit");
    expect(sentLines(doc)).toEqual(["EHLO tester.helodesk.test", "QUIT"]);
    const slow = eventsOf(doc, "note").filter((n) => n.code === "slow-reply");
    // The greeting came at once: only the two tarpitted replies are slow.
    expect(slow.map((n) => n.text.split(" took")[0])).toEqual(["The reply to EHLO", "The reply to QUIT"]);
    expect(slow[0]?.text).toMatch(/tarpit/);
    expect(check(doc, "slow-replies")).toMatchObject({ status: "warn" });
    expect(check(doc, "slow-replies")?.detail).toMatch(/^2 slow replies/);
    expect(doc.outcome).toBe("warn");
    expect(ms).toBeGreaterThanOrEqual(2 * TARPIT_MS - 50);
    expect(ms).toBeLessThan(2 * TARPIT_MS + MARGIN_MS);
  });
});

describe("refusals", () => {
  it("says QUIT and nothing else after a 554 greeting, and blames the tester's address", async () => {
    server = await startScriptedServer({ greeting: "554 5.7.1 Your IP is listed" });
    const { doc, ms } = await timedRun({ profile: "ehlo" });

    expect(SessionDocument.parse(doc)).toBeTruthy();
    expect(sentLines(doc)).toEqual(["QUIT"]);
    expect(server.allLines).toEqual(["QUIT"]);
    const greeting = replyTo(doc, "CONNECT");
    expect(greeting).toMatchObject({ code: 554, enhancedCode: "5.7.1" });
    expect(greeting?.explanation.party).toBe("tester");
    expect(greeting?.explanation.summary).toMatch(/address this test connects from is most likely blocked/);
    expect(check(doc, "greeting")).toMatchObject({ status: "fail" });
    expect(check(doc, "greeting")?.detail).toContain("554 5.7.1 Your IP is listed");
    expect(check(doc, "ehlo")).toBeUndefined();
    expect(doc.closeReason).toBe("quit");
    expect(doc.outcome).toBe("fail");
    expect(ms).toBeLessThan(MARGIN_MS);
  });

  it("reads 451 4.7.1 to RCPT as greylisting and calls the relay test inconclusive", async () => {
    server = await startScriptedServer({ replies: { RCPT: "451 4.7.1 Please try again later" } });
    const { doc, ms } = await timedRun({ profile: "relay" });

    expect(SessionDocument.parse(doc)).toBeTruthy();
    const rcpt = replyTo(doc, "RCPT");
    expect(rcpt).toMatchObject({ code: 451, enhancedCode: "4.7.1" });
    expect(rcpt?.explanation.summary).toMatch(/greylisting/i);
    expect(rcpt?.explanation.class).toBe("transient");
    expect(check(doc, "open-relay")).toMatchObject({ status: "warn" });
    expect(check(doc, "open-relay")?.detail).toMatch(/^Inconclusive: .*temporary refusal \(451 4\.7\.1 Please try again later\)/);
    expect(sentLines(doc).slice(-2)).toEqual(["RSET", "QUIT"]);
    expect(doc.closeReason).toBe("quit");
    expect(doc.outcome).toBe("warn");
    expect(ms).toBeLessThan(MARGIN_MS);
  });

  it("calls a greylisted test message deferred (warn), not failed; another temporary refusal stays a failure", async () => {
    server = await startScriptedServer({ replies: { RCPT: "451 4.7.1 Please try again later" } });
    const { doc } = await timedRun({ profile: "send", from: "alice@helodesk.test", to: ["bob@helodesk.test"] });
    expect(server.messages).toHaveLength(0);
    expect(check(doc, "message-accepted")).toMatchObject({ status: "warn" });
    expect(check(doc, "message-accepted")?.detail).toMatch(/^Deferred, most likely by greylisting: RCPT got 451 4\.7\.1 Please try again later\. .*run this test again in 5–15 minutes/);
    expect(doc.outcome).toBe("warn");
    await server.close();

    server = await startScriptedServer({ replies: { RCPT: "452 4.2.2 Mailbox full" } });
    const full = (await timedRun({ profile: "send", from: "alice@helodesk.test", to: ["bob@helodesk.test"] })).doc;
    expect(check(full, "message-accepted")).toMatchObject({ status: "fail", detail: expect.stringMatching(/^Not accepted: RCPT got 452 4\.2\.2 Mailbox full\./) });
    expect(full.outcome).toBe("fail");
  });

  it("names the command it waits for as it is typed: MAIL FROM, RCPT TO", async () => {
    server = await startScriptedServer({ replies: { RCPT: () => undefined } });
    const { doc } = await timedRun({ profile: "send", from: "alice@helodesk.test", to: ["bob@helodesk.test"], timeouts: fast({ commandMs: 300 }) });
    expect(eventsOf(doc, "wait").map((w) => w.awaiting)).toEqual(expect.arrayContaining(["the 220 greeting", "the reply to EHLO", "the reply to MAIL FROM", "the reply to RCPT TO"]));
    expect(note(doc, "reply-timeout")?.text).toMatch(/^The reply to RCPT TO did not arrive within 0\.3 s/);
  });

  it("says a message whose final dot got no reply was sent and may have been queued, not that it never went", async () => {
    server = await startScriptedServer({ replies: { "DATA-END": () => undefined } });
    const { doc } = await timedRun({ profile: "send", from: "alice@helodesk.test", to: ["bob@helodesk.test"], timeouts: fast({ dataEndMs: 300 }) });
    expect(doc.closeReason).toBe("timeout");
    expect(server.messages).toHaveLength(1);
    expect(check(doc, "message-accepted")).toMatchObject({ status: "fail" });
    expect(check(doc, "message-accepted")?.detail).toMatch(/^The whole message and its final "\." were sent, but no reply to them came \(.+\)\. The server may have queued it or not: look for it in the server's log before sending again, or the recipients may get it twice\.$/);
  });

  it("ends as peer-closed when the server answers MAIL with 421 and hangs up, without a QUIT", async () => {
    server = await startScriptedServer({
      replies: {
        MAIL: (_line, conn) => {
          conn.reply("421 4.7.0 Too many errors");
          conn.close();
          return undefined;
        },
      },
    });
    const { doc, ms } = await timedRun({ profile: "send", from: "alice@helodesk.test", to: ["bob@helodesk.test"] });

    expect(SessionDocument.parse(doc)).toBeTruthy();
    expect(doc.closeReason).toBe("peer-closed");
    expect(eventsOf(doc, "close")[0]?.detail).toMatch(/421/);
    expect(replyTo(doc, "MAIL")?.explanation.summary).toMatch(/closing the connection \(421\)/);
    // Told, not counted twice: the message check already failed for it.
    expect(check(doc, "session-end")).toMatchObject({ status: "info" });
    expect(check(doc, "session-end")?.detail).toMatch(/closed the session with 421/);
    expect(check(doc, "message-accepted")?.status).toBe("fail");
    expect(doc.checks.filter((c) => c.status === "fail").map((c) => c.id)).toEqual(["message-accepted"]);
    expect(sentLines(doc)).not.toContain("QUIT");
    expect(server.allLines.some((l) => l.startsWith("RCPT"))).toBe(false);
    expect(doc.outcome).toBe("fail");
    expect(ms).toBeLessThan(MARGIN_MS);
  });
});

describe("malformed replies", () => {
  it("flags continuation lines with different codes and carries on", async () => {
    server = await startScriptedServer({ replies: { EHLO: "250-fixture.helodesk.test\r\n251-PIPELINING\r\n250 8BITMIME" } });
    const { doc } = await timedRun({ profile: "ehlo" });

    expect(SessionDocument.parse(doc)).toBeTruthy();
    const ehlo = replyTo(doc, "EHLO");
    expect(ehlo).toMatchObject({ code: 250, lines: ["250-fixture.helodesk.test", "251-PIPELINING", "250 8BITMIME"] });
    expect(ehlo?.flags).toContain("inconsistent-codes");
    expect(replyTo(doc, "CONNECT")?.flags).not.toContain("inconsistent-codes");
    expect(sentLines(doc)).toEqual(["EHLO tester.helodesk.test", "QUIT"]);
    expect(doc.closeReason).toBe("quit");
  });

  it("cuts a 10,000-byte reply line to the line cap, flags it and finishes the session", async () => {
    const huge = `250-${"X".repeat(9_996)}`;
    expect(huge).toHaveLength(10_000);
    server = await startScriptedServer({ replies: { EHLO: `250-fixture.helodesk.test\r\n${huge}\r\n250 8BITMIME` } });
    const { doc, ms } = await timedRun({ profile: "ehlo" });

    const ehlo = replyTo(doc, "EHLO");
    expect(ehlo?.code).toBe(250);
    expect(ehlo?.flags).toEqual(expect.arrayContaining(["overlong-line", "truncated-line"]));
    expect(ehlo?.lines).toHaveLength(3);
    expect(ehlo?.lines[1]!.length).toBeLessThanOrEqual(4_096);
    expect(ehlo?.lines[2]).toBe("250 8BITMIME");
    expect(eventsOf(doc, "capabilities")[0]?.capabilities.map((c) => c.keyword)).toContain("8BITMIME");
    expect(doc.closeReason).toBe("quit");
    expect(ms).toBeLessThan(MARGIN_MS);
  });

  it("accepts bare LF line endings throughout and flags every reply", async () => {
    server = await startScriptedServer({
      greeting: (conn) => conn.write("220 fixture.helodesk.test ESMTP\n"),
      replies: { EHLO: "250-fixture.helodesk.test\n250 8BITMIME\n", QUIT: "221 2.0.0 Bye\n" },
    });
    const { doc } = await timedRun({ profile: "ehlo" });

    const replies = eventsOf(doc, "reply");
    expect(replies.map((r) => r.command)).toEqual(["CONNECT", "EHLO", "QUIT"]);
    for (const reply of replies) expect(reply.flags).toContain("bare-lf");
    expect(replies[1]?.raw).toBe("250-fixture.helodesk.test\n250 8BITMIME\n");
    expect(eventsOf(doc, "capabilities")[0]?.capabilities.map((c) => c.keyword)).toEqual(["8BITMIME"]);
    expect(doc.closeReason).toBe("quit");
  });

  it("records a reply that arrives after the EHLO reply as unsolicited, answering nothing", async () => {
    server = await startScriptedServer({ replies: { EHLO: "250-fixture.helodesk.test\r\n250 8BITMIME\r\n250 2.0.0 nobody asked" } });
    const { doc } = await timedRun({ profile: "ehlo" });

    expect(SessionDocument.parse(doc)).toBeTruthy();
    const replies = eventsOf(doc, "reply");
    expect(replies.map((r) => [r.command, r.code, r.unsolicited])).toEqual([
      ["CONNECT", 220, false],
      ["EHLO", 250, false],
      [null, 250, true],
      ["QUIT", 221, false],
    ]);
    const extra = replies[2]!;
    expect(extra.lines).toEqual(["250 2.0.0 nobody asked"]);
    expect(extra.explanation.summary).toMatch(/answers no command/);
    // It is recorded before QUIT goes out, so the transcript keeps the order things happened in.
    const quit = eventsOf(doc, "send").find((s) => s.command === "QUIT")!;
    expect(extra.seq).toBeLessThan(quit.seq);
    expect(doc.closeReason).toBe("quit");
  });
});

describe("servers that are not SMTP", () => {
  it("stops at a binary greeting with a protocol error", async () => {
    server = await startScriptedServer({
      greeting: (conn) => conn.write(Uint8Array.from([0x00, 0xff, 0xfe, 0x42, 0x13, 0x37, 0x80, 0x99, 0x0d, 0x0a])),
    });
    const { doc, ms } = await timedRun({ profile: "ehlo" });

    expect(SessionDocument.parse(doc)).toBeTruthy();
    expect(doc.closeReason).toBe("protocol-error");
    expect(doc.outcome).toBe("error");
    expect(note(doc, "not-smtp")?.text).toMatch(/not an SMTP reply.*does not speak SMTP/s);
    expect(eventsOf(doc, "reply")).toHaveLength(0);
    expect(server.allLines).toEqual([]);
    expect(ms).toBeLessThan(MARGIN_MS);
  });

  it("recognises a web server on the port", async () => {
    server = await startScriptedServer({
      greeting: (conn) => {
        conn.write("HTTP/1.1 400 Bad Request\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n<html><body>400 Bad Request</body></html>\r\n");
        conn.close();
      },
    });
    const { doc, ms } = await timedRun({ profile: "ehlo" });

    expect(doc.closeReason).toBe("protocol-error");
    const notSmtp = note(doc, "not-smtp");
    expect(notSmtp?.text).toContain('"HTTP/1.1 400 Bad Request"');
    expect(notSmtp?.text).toMatch(/That is a web server, not a mail server/);
    expect(check(doc, "greeting")?.detail).toBe(notSmtp?.text);
    expect(ms).toBeLessThan(MARGIN_MS);
  });

  it("warns about an EHLO reply whose lines carry different codes, and counts a 421 greeting as one failure", async () => {
    server = await startScriptedServer({ replies: { EHLO: "250-fixture.helodesk.test\r\n251-weird\r\n250 OK" } });
    const mixed = await run(loopbackRequest(server.port, { profile: "ehlo" }), testDeps({ ports: [server.port] }));
    expect(check(mixed, "ehlo")).toMatchObject({ status: "warn", detail: expect.stringMatching(/lines carry different codes, which RFC 5321 4\.2\.1 does not allow/) });
    await server.close();

    server = await startScriptedServer({
      greeting: (conn) => {
        conn.write("421 4.3.2 Service not available, closing channel\r\n");
        conn.close();
      },
    });
    const refused = await run(loopbackRequest(server.port, { profile: "ehlo" }), testDeps({ ports: [server.port] }));
    expect(refused.checks.filter((c) => c.status === "fail").map((c) => c.id)).toHaveLength(1);
    expect(check(refused, "session-end")).toMatchObject({ status: "info", detail: expect.stringMatching(/421/) });
  });

  it("stops reading a reply of endless 250- lines, in bounded time", async () => {
    server = await startScriptedServer({
      replies: {
        EHLO: (_line, conn) => {
          flood(conn, "250-x\r\n".repeat(1_000));
          return undefined;
        },
      },
    });
    const { doc, ms } = await timedRun({ profile: "ehlo" });

    expect(SessionDocument.parse(doc)).toBeTruthy();
    expect(doc.closeReason).toBe("protocol-error");
    expect(note(doc, "reply-flood")?.text).toMatch(/256 lines/);
    expect(check(doc, "session-end")?.status).toBe("fail");
    const ehlo = replyTo(doc, "EHLO");
    expect(ehlo?.lines.length ?? 0).toBeLessThanOrEqual(256);
    // A reply cut at the cap is no plain pass.
    expect(check(doc, "ehlo")).toMatchObject({ status: "warn", detail: expect.stringMatching(/ran on past \d+ lines and was cut there/) });
    // The wire was already cut when QUIT was due: the transcript must not show a line that never left.
    expect(sentLines(doc)).toEqual(["EHLO tester.helodesk.test"]);
    expect(server.allLines).toEqual(["EHLO tester.helodesk.test"]);
    expect(ms).toBeLessThan(MARGIN_MS);
  });

  it("cuts off a server that sends more than 1 MiB, keeping only a bounded transcript", async () => {
    let flooding: { sent: number } = { sent: 0 };
    // One line that never ends: nothing completes, so only the byte cap can stop it.
    server = await startScriptedServer({ greeting: (conn) => (flooding = flood(conn, "A".repeat(64 * 1024))) });
    const { doc, ms } = await timedRun({ profile: "ehlo", timeouts: fast({ greetingMs: 5_000 }) });

    expect(doc.closeReason).toBe("protocol-error");
    expect(note(doc, "too-much-data")?.text).toMatch(/more than 1048576 bytes/);
    expect(flooding.sent).toBeGreaterThan(1024 * 1024);
    expect(JSON.stringify(doc).length).toBeLessThan(64 * 1024);
    // Stopped by the byte cap, well before the greeting deadline.
    expect(ms).toBeLessThan(2_000);
  });
});

describe("hang-ups", () => {
  it("ends as peer-closed when the server drops the connection on EHLO", async () => {
    server = await startScriptedServer({
      replies: {
        EHLO: (_line, conn) => {
          conn.destroy();
          return undefined;
        },
      },
    });
    const { doc, ms } = await timedRun({ profile: "ehlo" });

    expect(SessionDocument.parse(doc)).toBeTruthy();
    expect(doc.closeReason).toBe("peer-closed");
    expect(note(doc, "peer-closed")?.text).toMatch(/hung up without a 221/);
    expect(check(doc, "session-end")).toMatchObject({ status: "fail", detail: note(doc, "peer-closed")?.text });
    expect(replyTo(doc, "EHLO")).toBeUndefined();
    expect(doc.outcome).toBe("fail");
    expect(ms).toBeLessThan(MARGIN_MS);
  });
});

describe("TLS that goes wrong", () => {
  let certs: TestCertificates;
  beforeAll(async () => {
    certs = await getTestCertificates();
  });

  const offersStartTls = "250-fixture.helodesk.test\r\n250-STARTTLS\r\n250 8BITMIME";

  it("fails the handshake when the server answers STARTTLS's handshake in plaintext", async () => {
    server = await startScriptedServer({
      replies: {
        EHLO: offersStartTls,
        STARTTLS: (_line, conn) => {
          // Whatever the client sends next (its ClientHello) gets a plaintext SMTP error back.
          conn.socket.removeAllListeners("data");
          conn.socket.once("data", () => conn.reply("500 5.5.1 Error: command not recognized"));
          return "220 2.0.0 Ready to start TLS";
        },
      },
    });
    const { doc, ms } = await timedRun({ profile: "starttls" });

    expect(SessionDocument.parse(doc)).toBeTruthy();
    expect(doc.closeReason).toBe("protocol-error");
    const failure = note(doc, "plaintext-in-tls");
    expect(failure?.text).toMatch(/answered the TLS handshake in plaintext/);
    // Not the implicit-TLS advice: this client already used STARTTLS.
    expect(failure?.text).not.toMatch(/instead of implicit TLS/);
    expect(failure?.text).toMatch(/STARTTLS/);
    expect(check(doc, "tls-handshake")).toMatchObject({ status: "fail", detail: failure?.text });
    expect(eventsOf(doc, "tls")).toHaveLength(0);
    expect(ms).toBeLessThan(MARGIN_MS);
  });

  it("fails the handshake when the server hangs up right after its 220 to STARTTLS", async () => {
    server = await startScriptedServer({
      replies: {
        EHLO: offersStartTls,
        STARTTLS: (_line, conn) => {
          conn.reply("220 2.0.0 Ready to start TLS");
          conn.close();
          return undefined;
        },
      },
    });
    const { doc, ms } = await timedRun({ profile: "starttls" });

    // The server agreed to TLS and then broke it: a TLS failure, not an ordinary hang-up.
    expect(doc.closeReason).toBe("protocol-error");
    const failure = note(doc, "tls-handshake-failed");
    expect(failure?.text).toMatch(/closed the connection during the TLS handshake/);
    expect(check(doc, "tls-handshake")).toMatchObject({ status: "fail" });
    expect(ms).toBeLessThan(MARGIN_MS);
  });

  it("discards and reports plaintext injected after the 220 to STARTTLS, then goes on in TLS", async () => {
    server = await startScriptedServer({
      tls: certs.server,
      replies: {
        STARTTLS: (_line, conn) => {
          // One write: the go-ahead and an injected reply, then a real handshake.
          conn.write("220 2.0.0 go ahead\r\n250 injected\r\n");
          conn.startTls();
          return undefined;
        },
      },
    });
    const { doc, ms } = await timedRun({ profile: "starttls", trustCa: certs.ca.cert });

    expect(SessionDocument.parse(doc)).toBeTruthy();
    const injection = note(doc, "tls-injection");
    expect(injection).toMatchObject({ level: "error" });
    expect(injection?.text).toMatch(/sent 14 bytes \(1 line\) after its 220 to STARTTLS/);
    expect(check(doc, "starttls-injection")).toMatchObject({ status: "fail" });
    const replies = eventsOf(doc, "reply");
    expect(replies.some((r) => r.lines.some((l) => l.includes("injected")))).toBe(false);
    expect(replies.some((r) => r.unsolicited)).toBe(false);
    expect(eventsOf(doc, "tls")).toHaveLength(1);
    expect(eventsOf(doc, "send").map((s) => [s.command, s.tls])).toEqual([
      ["EHLO", false],
      ["STARTTLS", false],
      ["EHLO", true],
      ["QUIT", true],
    ]);
    expect(doc.closeReason).toBe("quit");
    expect(doc.outcome).toBe("fail");
    expect(ms).toBeLessThan(2_000);
  });

  it("tells to use STARTTLS when port 465 answers implicit TLS in plaintext", async () => {
    server = await startScriptedServer();
    const deps = testDeps({ transport: mappedTransport({ 465: server.port }) });
    const { doc, ms } = await timedRun({ profile: "ehlo", tls: "auto" }, deps, 465);

    expect(SessionDocument.parse(doc)).toBeTruthy();
    expect(eventsOf(doc, "connect")[0]).toMatchObject({ port: 465, implicitTls: true });
    expect(doc.closeReason).toBe("protocol-error");
    const failure = note(doc, "plaintext-in-tls");
    expect(failure?.text).toMatch(/Port 465 speaks plain SMTP: use STARTTLS/);
    // On 465 auto means implicit TLS, so the advice must name the mode that does STARTTLS there.
    expect(failure?.text).toMatch(/TLS mode starttls/);
    expect(failure?.text).not.toMatch(/auto/);
    expect(check(doc, "tls-handshake")?.status).toBe("fail");
    expect(ms).toBeLessThan(MARGIN_MS);
  });

  it("explains a greeting timeout on 465 in plaintext mode as a port that expects implicit TLS", async () => {
    server = await startScriptedServer({ tls: certs.server, implicitTls: true });
    const deps = testDeps({ transport: mappedTransport({ 465: server.port }) });
    const { doc, ms } = await timedRun({ profile: "ehlo", tls: "none", timeouts: fast({ greetingMs: 500 }) }, deps, 465);

    expect(eventsOf(doc, "connect")[0]).toMatchObject({ port: 465, implicitTls: false });
    expect(doc.closeReason).toBe("timeout");
    expect(note(doc, "greeting-timeout")?.text).toMatch(/Port 465 expects TLS from the first byte \(implicit TLS\)/);
    expect(ms).toBeLessThan(500 + MARGIN_MS);
  });
});

describe("unreachable ports", () => {
  it("blames an outbound block on this side when port 25 drops but 587 answers", async () => {
    server = await startScriptedServer();
    const refused = await closedPort();
    const deps = testDeps({ transport: mappedTransport({ 25: "drop", 587: server.port, 465: refused }) });
    const { doc, ms } = await timedRun({ profile: "ehlo", timeouts: fast({ connectMs: 500 }) }, deps, 25);

    expect(SessionDocument.parse(doc)).toBeTruthy();
    expect(doc.closeReason).toBe("connect-failed");
    expect(note(doc, "connect-timeout")).toMatchObject({ level: "error" });
    const blocked = note(doc, "port25-blocked");
    expect(blocked).toMatchObject({ level: "warn" });
    expect(blocked?.text).toMatch(/but port 587 on the same host did/);
    expect(blocked?.text).toMatch(/blocked on HeloDesk's side/);
    expect(note(doc, "host-silent")).toBeUndefined();
    expect(check(doc, "connection")?.status).toBe("fail");
    expect(doc.outcome).toBe("error");
    expect(ms).toBeLessThan(500 + MARGIN_MS);
  });

  it("calls the host silent when 25, 587 and 465 all go unanswered", async () => {
    const refused = await closedPort();
    const deps = testDeps({ transport: mappedTransport({ 25: "drop", 587: "drop", 465: refused }) });
    const { doc, ms } = await timedRun({ profile: "ehlo", timeouts: fast({ connectMs: 500 }) }, deps, 25);

    expect(doc.closeReason).toBe("connect-failed");
    expect(note(doc, "port25-blocked")).toBeUndefined();
    expect(note(doc, "host-silent")?.text).toMatch(/^Ports 25, 587 and 465 all went unanswered/);
    // The connect deadline, then the side probe's own 3 s limit for the dropped 587.
    expect(ms).toBeLessThan(500 + 3_000 + MARGIN_MS);
  });
});

describe("cancelling", () => {
  it("ends at once when cancelled while the server stalls on EHLO, and still says QUIT", async () => {
    server = await startScriptedServer({ replies: { EHLO: () => undefined } });
    const request = loopbackRequest(server.port, { profile: "ehlo", timeouts: fast({ commandMs: 5_000 }) });
    const live = startSession(request, testDeps({ ports: [server.port] }));
    let cancelledAt: number | null = null;
    live.subscribe((event) => {
      if (event.type === "send" && event.command === "EHLO") {
        cancelledAt = performance.now();
        live.cancel();
      }
    });
    const doc = await live.done;
    const ms = performance.now() - cancelledAt!;

    expect(SessionDocument.parse(doc)).toBeTruthy();
    expect(doc.closeReason).toBe("cancelled");
    expect(note(doc, "cancelled")?.text).toMatch(/cancelled by the user/i);
    expect(server.allLines).toEqual(["EHLO tester.helodesk.test", "QUIT"]);
    expect(replyTo(doc, "QUIT")?.code).toBe(221);
    expect(check(doc, "session-end")).toMatchObject({ status: "info" });
    expect(doc.outcome).toBe("warn");
    // Long before the 5 s EHLO deadline.
    expect(ms).toBeLessThan(MARGIN_MS);
  });

  it("reads a late reply to the cancelled command as that command's, never as QUIT's", async () => {
    let ehloAnswered = false;
    server = await startScriptedServer({
      replies: {
        EHLO: slowly(300, ["250-fixture.helodesk.test late", "250 SMTPUTF8"], () => {
          ehloAnswered = true;
        }),
        // In order, as a real server answers: QUIT's 221 only after EHLO's 250.
        QUIT: (_line, conn) => {
          const bye = () => {
            conn.reply("221 2.0.0 Bye");
            conn.close();
          };
          if (ehloAnswered) bye();
          else setTimeout(bye, 400);
          return undefined;
        },
      },
    });
    const request = loopbackRequest(server.port, { profile: "ehlo", timeouts: fast({ commandMs: 5_000 }) });
    const live = startSession(request, testDeps({ ports: [server.port] }));
    live.subscribe((event) => {
      if (event.type === "send" && event.command === "EHLO") live.cancel();
    });
    const doc = await live.done;

    expect(doc.closeReason).toBe("cancelled");
    expect(server.allLines).toEqual(["EHLO tester.helodesk.test", "QUIT"]);
    const replies = eventsOf(doc, "reply").map((r) => [r.command, r.code, r.text[0]]);
    expect(replies).toEqual([
      ["CONNECT", 220, expect.any(String)],
      ["EHLO", 250, "fixture.helodesk.test late"],
      ["QUIT", 221, "Bye"],
    ]);
    // What is made from it: the extensions the late reply listed, its own row, a title that says cancelled.
    expect(check(doc, "ehlo")?.detail).toBe("EHLO accepted; the server lists 1 extension.");
    expect(timingSteps(doc.events).filter((s) => s.code !== null).map((s) => [s.label, s.code])).toEqual([
      ["greeting", 220],
      ["EHLO tester.helodesk.test", 250],
      ["QUIT", 221],
    ]);
    expect(shareTitle(doc).title).toBe(`127.0.0.1:${server.port} — cancelled before the test finished`);
  });
});
