import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionRequestInput } from "@/lib/schemas/request";
import { SessionDocument } from "@/lib/schemas/session";
import { startSession } from "@/server/engine/session";
import { requireHaraka, startHaraka, type HarakaServer } from "../mta/haraka";
import { waitFor } from "../support/processes";
import { check, eventsOf, loopbackRequest, mappedTransport, run, sentLines, testDeps, replyTo } from "../support/engine";

/**
 * Every profile against a real Haraka: the annotated transcript must say what this server really
 * answers. Haraka (test/mta/haraka.ts) offers STARTTLS and AUTH PLAIN LOGIN CRAM-MD5 on the same
 * plaintext port, accepts any local part of its domain, and relays only after AUTH.
 */

const haraka = requireHaraka();

const b64 = (s: string) => Buffer.from(s).toString("base64");
const WRONG_PASSWORD = "not-the-haraka-password-42";
// Haraka waits 2^(failures-1) s before it answers a failed AUTH.
const AUTH_FAILURE_MS = 5_000;

describe.skipIf(haraka.skip)("HeloDesk against a real Haraka", () => {
  let mta: HarakaServer;

  beforeAll(async () => {
    mta = await startHaraka();
  });
  afterAll(() => mta?.stop());

  const deps = () => testDeps({ ports: [mta.port] });
  const request = (extra: Partial<SessionRequestInput>) => loopbackRequest(mta.port, { trustCa: mta.ca, ...extra });
  const credentials = (mechanism: "auto" | "PLAIN" | "LOGIN" | "CRAM-MD5" = "auto", password = mta.password) => ({ username: mta.user, password, mechanism });

  async function session(extra: Partial<SessionRequestInput>) {
    const doc = await run(request(extra), deps());
    expect(SessionDocument.safeParse(doc).success).toBe(true);
    return doc;
  }

  /** The secret in any form it could leak: as typed, as AUTH LOGIN sends it, inside the AUTH PLAIN blob. */
  function expectNoSecret(doc: SessionDocument, password: string) {
    const text = JSON.stringify(doc);
    for (const form of [password, b64(password), b64(`\0${mta.user}\0${password}`)]) expect(text).not.toContain(form);
  }

  describe("banner and EHLO", () => {
    it("shows Haraka's 220 greeting naming its host, and passes the greeting check", async () => {
      const doc = await session({ profile: "banner" });
      const greeting = replyTo(doc, "CONNECT");
      expect(greeting.code).toBe(220);
      expect(greeting.text[0]).toMatch(/^mail\.helodesk\.test ESMTP Haraka\//);
      expect(greeting.explanation).toMatchObject({ class: "success", party: "nobody" });
      expect(greeting.explanation.summary).toMatch(/greeting/);
      expect(sentLines(doc)).toEqual(["QUIT"]);
      expect(replyTo(doc, "QUIT").code).toBe(221);
      expect(check(doc, "greeting")?.status).toBe("pass");
      // No DNS here, so the name cannot be compared with a PTR: reported, not judged.
      expect(check(doc, "greeting-name")).toMatchObject({ status: "info" });
      expect(check(doc, "greeting-name")?.detail).toContain("mail.helodesk.test");
      expect(doc).toMatchObject({ closeReason: "quit", outcome: "pass" });
    });

    it("decodes exactly the extensions Haraka lists, AUTH included before TLS", async () => {
      const doc = await session({ profile: "ehlo" });
      const ehlo = replyTo(doc, "EHLO");
      expect(ehlo.code).toBe(250);
      expect(ehlo.enhancedCode).toBeNull();
      const [caps] = eventsOf(doc, "capabilities");
      const keywords = caps?.capabilities.map((c) => c.keyword);
      // What the server said, line by line after its name, is what the engine decoded.
      expect(keywords).toEqual(ehlo.text.slice(1).map((line) => line.split(" ")[0]!.toUpperCase()));
      expect(keywords).toEqual(expect.arrayContaining(["PIPELINING", "8BITMIME", "SMTPUTF8", "SIZE", "STARTTLS", "AUTH"]));
      // Haraka's core does not announce these; the send tests below depend on it.
      expect(keywords).not.toContain("ENHANCEDSTATUSCODES");
      expect(keywords).not.toContain("DSN");
      expect(keywords).not.toContain("CHUNKING");
      expect(caps?.tls).toBe(false);
      expect(caps?.capabilities.every((c) => c.known)).toBe(true);

      const size = caps?.capabilities.find((c) => c.keyword === "SIZE");
      expect(size?.params).toEqual(["26214400"]);
      expect(size?.detail).toContain("25.0 MB");
      const auth = caps?.capabilities.find((c) => c.keyword === "AUTH");
      expect(auth?.params).toEqual(["PLAIN", "LOGIN", "CRAM-MD5"]);
      expect(auth?.detail).toBe("Offers to log in with PLAIN, LOGIN, CRAM-MD5.");

      expect(check(doc, "ehlo")).toMatchObject({ status: "pass", detail: `EHLO accepted; the server lists ${keywords?.length} extensions.` });
      expect(check(doc, "starttls-offered")?.status).toBe("pass");
      // Port is not a submission port: AUTH before TLS is not judged here.
      expect(check(doc, "auth-before-tls")).toBeUndefined();
      expect(sentLines(doc)).toEqual(["EHLO tester.helodesk.test", "QUIT"]);
    });
  });

  describe("STARTTLS", () => {
    it("upgrades, verifies the certificate through the given CA, and says EHLO again inside TLS", async () => {
      const doc = await session({ profile: "starttls" });
      expect(eventsOf(doc, "send").map((s) => [s.line, s.tls])).toEqual([
        ["EHLO tester.helodesk.test", false],
        ["STARTTLS", false],
        ["EHLO tester.helodesk.test", true],
        ["QUIT", true],
      ]);
      const go = replyTo(doc, "STARTTLS");
      expect(go.code).toBe(220);
      expect(go.explanation.summary).toMatch(/TLS handshake comes next/);

      const [tls] = eventsOf(doc, "tls");
      expect(tls).toMatchObject({ chainVerified: true, verifyError: null, selfSigned: false, customCa: true, issuer: "CN=HeloDesk Test CA" });
      // Connected by IP: there is no SNI name, so the IP is what the certificate must cover; it does, as an IP SAN.
      expect(tls).toMatchObject({ hostnameChecked: "127.0.0.1", hostnameMatch: true });
      expect(tls?.subjectAltNames).toEqual(expect.arrayContaining(["IP Address:127.0.0.1", "DNS:mail.helodesk.test"]));
      expect(tls?.protocol).toMatch(/^TLSv1\.[23]$/);

      const [plain, secure] = eventsOf(doc, "capabilities");
      expect(plain?.capabilities.map((c) => c.keyword)).toContain("STARTTLS");
      expect(secure?.tls).toBe(true);
      expect(secure?.capabilities.map((c) => c.keyword)).not.toContain("STARTTLS");
      expect(secure?.capabilities.map((c) => c.keyword)).toContain("AUTH");

      expect(check(doc, "tls-handshake")?.status).toBe("pass");
      expect(check(doc, "certificate")).toMatchObject({ status: "pass" });
      expect(check(doc, "certificate")?.detail).toMatch(/^Valid for 127\.0\.0\.1 until .*the CA you supplied/);
      expect(doc).toMatchObject({ closeReason: "quit", outcome: "pass" });
    });

    it("reports a chain it cannot verify without the CA, and still finishes the session", async () => {
      const doc = await session({ profile: "starttls", trustCa: undefined });
      const [tls] = eventsOf(doc, "tls");
      expect(tls).toMatchObject({ chainVerified: false, selfSigned: false, customCa: false, hostnameMatch: true });
      expect(tls?.verifyError).toMatch(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT/);
      expect(check(doc, "certificate")?.status).toBe("warn");
      expect(check(doc, "certificate")?.detail).toContain(`its chain does not verify (${tls?.verifyError})`);
      expect(sentLines(doc).slice(-2)).toEqual(["EHLO tester.helodesk.test", "QUIT"]);
      expect(doc).toMatchObject({ closeReason: "quit", outcome: "warn" });
    });
  });

  describe("AUTH", () => {
    for (const mechanism of ["PLAIN", "LOGIN", "CRAM-MD5"] as const) {
      it(`logs in with ${mechanism} inside TLS (235 2.7.0) and never records the password`, async () => {
        const doc = await session({ profile: "auth", auth: credentials(mechanism) });
        const authLine = eventsOf(doc, "send").find((s) => s.command === "AUTH");
        expect(authLine).toMatchObject({ tls: true, line: mechanism === "PLAIN" ? "AUTH PLAIN [redacted]" : `AUTH ${mechanism}` });
        const done = eventsOf(doc, "reply").find((r) => r.code === 235);
        expect(done).toMatchObject({ enhancedCode: "2.7.0", tls: true });
        expect(done?.explanation.summary).toMatch(/Authentication succeeded/);
        expect(check(doc, "auth")).toMatchObject({ status: "pass", detail: `Authenticated as ${mta.user}.` });

        const challenges = eventsOf(doc, "reply").filter((r) => r.code === 334).map((r) => r.explanation.decoded);
        if (mechanism === "LOGIN") expect(challenges).toEqual(["Username:", "Password:"]);
        if (mechanism === "CRAM-MD5") expect(challenges).toEqual([expect.stringMatching(/^<[^>]+@mail\.helodesk\.test>$/)]);
        const answers = eventsOf(doc, "send").filter((s) => s.command === "AUTH-DATA");
        expect(answers.every((s) => s.line === "[redacted]" && s.secret)).toBe(true);
        expectNoSecret(doc, mta.password);
        expect(doc).toMatchObject({ closeReason: "quit", outcome: "pass" });
      });
    }

    it("explains Haraka's 535 5.7.8 for a wrong password as the sender's credentials, and stops there", async () => {
      const doc = await session({
        profile: "auth",
        auth: credentials("PLAIN", WRONG_PASSWORD),
        timeouts: { commandMs: AUTH_FAILURE_MS, sessionMs: 15_000 },
      });
      const refused = replyTo(doc, "AUTH");
      expect(refused).toMatchObject({ code: 535, enhancedCode: "5.7.8", text: ["Authentication failed"] });
      expect(refused.explanation).toMatchObject({ class: "permanent", party: "sender" });
      expect(refused.explanation.summary).toMatch(/did not accept these credentials/);
      expect(refused.explanation.enhanced?.code).toBe("5.7.8");
      expect(check(doc, "auth")?.status).toBe("fail");
      expect(check(doc, "auth")?.detail).toContain("535 5.7.8 Authentication failed");
      expect(sentLines(doc).slice(-2)).toEqual(["AUTH PLAIN [redacted]", "QUIT"]);
      expectNoSecret(doc, WRONG_PASSWORD);
      expect(doc.closeReason).toBe("quit");
      expect(doc.outcome).toBe("fail");
      expect(eventsOf(doc, "close")[0]?.detail).toBe("stopped after a refusal");
    });

    it("warns on a submission port that Haraka offers AUTH before STARTTLS", async () => {
      const doc = await run(
        loopbackRequest(587, { profile: "auth", trustCa: mta.ca, auth: credentials() }),
        testDeps({ transport: mappedTransport({ 587: mta.port }) }),
      );
      expect(eventsOf(doc, "connect")[0]?.port).toBe(587);
      const [plain] = eventsOf(doc, "capabilities");
      expect(plain?.tls).toBe(false);
      expect(plain?.capabilities.map((c) => c.keyword)).toContain("AUTH");
      expect(check(doc, "auth-before-tls")).toMatchObject({ status: "warn" });
      expect(check(doc, "auth-before-tls")?.detail).toMatch(/password unencrypted/);
      // HeloDesk itself still waits for TLS before it logs in.
      expect(eventsOf(doc, "send").find((s) => s.command === "AUTH")?.tls).toBe(true);
      expect(check(doc, "auth")?.status).toBe("pass");
      expect(check(doc, "certificate")?.status).toBe("pass");
      expect(doc.outcome).toBe("warn");
      expectNoSecret(doc, mta.password);
    });
  });

  describe("relay test", () => {
    it("passes when Haraka refuses an outside recipient without AUTH (550 5.7.1), and never sends DATA", async () => {
      const doc = await session({ profile: "relay" });
      expect(replyTo(doc, "MAIL").code).toBe(250);
      const rcpt = replyTo(doc, "RCPT");
      expect(rcpt).toMatchObject({ code: 550, enhancedCode: "5.7.1", text: ["Relaying denied"] });
      expect(rcpt.explanation.summary).toBe("Relaying refused: the server will not pass mail on to example.net for a sender that has not logged in.");
      expect(rcpt.explanation.hint).toMatch(/PASS result: the server is not an open relay/);
      expect(rcpt.explanation.party).toBe("nobody");
      expect(check(doc, "open-relay")).toMatchObject({ status: "pass", detail: "Relaying refused, as it should be: 550 5.7.1 Relaying denied." });
      expect(sentLines(doc).slice(-4)).toEqual([
        "MAIL FROM:<helodesk-relay-test@example.com>",
        "RCPT TO:<helodesk-relay-test@example.net>",
        "RSET",
        "QUIT",
      ]);
      expect(sentLines(doc)).not.toContain("DATA");
      expect(doc.outcome).toBe("pass");
    });

    it("reports authenticated relaying as expected (info), and still never sends DATA", async () => {
      const doc = await session({ profile: "relay", auth: credentials() });
      expect(eventsOf(doc, "reply").some((r) => r.code === 235)).toBe(true);
      const rcpt = replyTo(doc, "RCPT");
      expect(rcpt.code).toBe(250);
      expect(rcpt.explanation.summary).toBe("The server accepted the recipient.");
      expect(check(doc, "open-relay")).toMatchObject({ status: "info" });
      expect(check(doc, "open-relay")?.detail).toMatch(/authenticated user/);
      expect(sentLines(doc)).not.toContain("DATA");
      expect(sentLines(doc).slice(-2)).toEqual(["RSET", "QUIT"]);
      expectNoSecret(doc, mta.password);
      expect(doc.outcome).toBe("pass");
    });
  });

  describe("send", () => {
    it("delivers to the local domain and picks the queue id out of Haraka's 250 Message Queued", async () => {
      const doc = await session({ profile: "send", from: "sender@client.test", to: [`someone@${mta.localDomain}`] });
      const [message] = eventsOf(doc, "message");
      expect(message).toBeDefined();
      expect(sentLines(doc)).toContain(`MAIL FROM:<sender@client.test> SIZE=${message!.size}`);
      const rcpt = replyTo(doc, "RCPT");
      expect(rcpt.code).toBe(250);
      // Haraka takes any local part of its domain: the engine must not call that proof of a mailbox.
      expect(rcpt.explanation.hint).toMatch(/does not prove the mailbox exists/);
      expect(replyTo(doc, "DATA").code).toBe(354);

      const final = replyTo(doc, "DATA-END");
      expect(final.code).toBe(250);
      const said = /Message Queued \(([^)]+)\)/.exec(final.text.join(" "))?.[1];
      expect(said).toBeDefined();
      expect(message).toMatchObject({ queueId: said, method: "DATA" });
      expect(final.explanation.summary).toBe("The server accepted the message and queued it for delivery.");
      expect(check(doc, "message-accepted")).toMatchObject({ status: "pass" });
      expect(check(doc, "message-accepted")?.detail).toContain(`with queue id ${said}`);
      // The id is the one Haraka's own log names, which is what its admin would search for.
      await waitFor("the queue id in Haraka's log", async () => (mta.logs().includes(said!) ? true : null), { timeoutMs: 2_000, intervalMs: 20 });
      expect(doc.outcome).toBe("pass");
    });

    it("falls back to DATA without NOTIFY, and says so, since Haraka offers neither DSN nor CHUNKING", async () => {
      const doc = await session({ profile: "send", from: "sender@client.test", to: [`someone@${mta.localDomain}`], dsn: true, chunking: true });
      const notes = eventsOf(doc, "note");
      expect(notes.find((n) => n.code === "dsn-missing")?.level).toBe("warn");
      // On the report card too: the notifications asked for will not come.
      expect(check(doc, "dsn")).toMatchObject({ status: "warn", title: "Delivery notifications" });
      expect(notes.find((n) => n.code === "chunking-missing")?.level).toBe("info");
      expect(sentLines(doc)).toContain(`RCPT TO:<someone@${mta.localDomain}>`);
      expect(sentLines(doc).some((l) => l.startsWith("BDAT"))).toBe(false);
      expect(eventsOf(doc, "message")[0]?.method).toBe("DATA");
      expect(check(doc, "message-accepted")?.status).toBe("pass");
    });
  });

  describe("interactive console", () => {
    it("upgrades with a typed STARTTLS, logs in with a typed AUTH PLAIN and relays once logged in", async () => {
      const live = startSession(loopbackRequest(mta.port, { profile: "interactive", trustCa: mta.ca }), deps());
      for await (const e of live.events()) if (e.type === "reply") break;
      const type = async (line: string) => {
        const result = await live.input(line);
        if (!result.ok) throw new Error(`"${line}" refused: ${result.error}`);
        return result.reply;
      };
      expect((await type("EHLO me.client.test"))?.code).toBe(250);
      expect((await type("STARTTLS"))?.code).toBe(220);
      const secure = await type("EHLO me.client.test");
      expect(secure).toMatchObject({ code: 250, tls: true });
      expect(secure?.text).not.toContain("STARTTLS");
      const login = await type(`AUTH PLAIN ${b64(`\0${mta.user}\0${mta.password}`)}`);
      expect(login).toMatchObject({ code: 235, enhancedCode: "2.7.0" });
      expect((await type("MAIL FROM:<sender@client.test>"))?.code).toBe(250);
      const outside = await type("RCPT TO:<someone@example.net>");
      expect(outside?.code).toBe(250);
      expect((await type("QUIT"))?.code).toBe(221);

      const doc = await live.done;
      expect(eventsOf(doc, "tls")[0]).toMatchObject({ chainVerified: true, hostnameMatch: true });
      expect(sentLines(doc)).toContain("AUTH PLAIN [redacted]");
      expectNoSecret(doc, mta.password);
      expect(check(doc, "auth")?.status).toBe("pass");
      expect(doc.closeReason).toBe("quit");
    });
  });
});
