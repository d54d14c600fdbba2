import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionRequestInput } from "@/lib/schemas/request";
import { SessionDocument } from "@/lib/schemas/session";
import { type Session, startSession } from "@/server/engine/session";
import { startDnsServer, type DnsServer } from "../fixtures/dns-server";
import { requirePostfix, startPostfix, type PostfixServer } from "../mta/postfix";
import { waitFor } from "../support/processes";
import { check, eventsOf, loopbackRequest, mappedTransport, run, sentLines, testDeps, replyTo } from "../support/engine";

/**
 * Every profile against a real Postfix: the annotated transcript must say what this server really
 * answers. The private instance (test/mta/postfix.ts) offers STARTTLS but no AUTH, takes mail for
 * tester@helodesk.test only (anyone else there is 550 5.1.1), relays for relayed.test as a backup MX
 * would (known@ only), and refuses to relay anywhere else (554 5.7.1).
 */

const postfix = requirePostfix();

// Postfix hands a message to cleanup before it answers the final dot; give replies room on a busy machine.
const TIMEOUTS = { connectMs: 2_000, greetingMs: 2_000, commandMs: 5_000, dataEndMs: 5_000, tlsMs: 2_000, sessionMs: 15_000 };
const QUEUED_AS = /queued as ([0-9A-Za-z]+)$/;

describe.skipIf(postfix.skip)("HeloDesk against a real Postfix", () => {
  let mta: PostfixServer;
  let dns: DnsServer;

  beforeAll(async () => {
    [mta, dns] = await Promise.all([startPostfix(), startDnsServer()]);
    // What a real domain publishes: an MX, the MX host's address, and a PTR that names it back.
    dns.set({
      [mta.localDomain]: { MX: [{ exchange: mta.hostname, priority: 10 }] },
      [mta.hostname]: { A: [mta.host] },
      [mta.host]: { PTR: [mta.hostname] },
    });
  });
  afterAll(async () => {
    await Promise.all([mta?.stop(), dns?.close()]);
  });

  const deps = () => testDeps({ ports: [mta.port] });
  const request = (extra: Partial<SessionRequestInput>) => loopbackRequest(mta.port, { trustCa: mta.ca, ...extra, timeouts: { ...TIMEOUTS, ...extra.timeouts } });
  const send = (extra: Partial<SessionRequestInput>) => session({ profile: "send", from: "sender@client.test", to: [mta.localUser], ...extra });

  async function session(extra: Partial<SessionRequestInput>, engineDeps = deps()) {
    const doc = await run(request(extra), engineDeps);
    expect(SessionDocument.safeParse(doc).success).toBe(true);
    return doc;
  }

  /** Postfix logs "<queue id>: ..." for every message it takes: the id an admin greps the mail log for. */
  async function expectLogged(queueId: string) {
    await waitFor(`${queueId} in Postfix's mail log`, async () => ((await mta.logs()).includes(`${queueId}: `) ? true : null), { timeoutMs: 3_000, intervalMs: 50 });
  }

  describe("banner and EHLO", () => {
    it("shows the 220 greeting naming the host, and passes the greeting check", async () => {
      const doc = await session({ profile: "banner" });
      const greeting = replyTo(doc, "CONNECT");
      expect(greeting).toMatchObject({ code: 220, enhancedCode: null, lines: [`220 ${mta.hostname} ESMTP`] });
      expect(greeting.explanation.summary).toBe("The server is ready: this is its greeting (banner).");
      expect(replyTo(doc, "QUIT")).toMatchObject({ code: 221, enhancedCode: "2.0.0", text: ["Bye"] });
      expect(sentLines(doc)).toEqual(["QUIT"]);
      expect(check(doc, "greeting")?.status).toBe("pass");
      expect(check(doc, "greeting-name")?.status).toBe("info");
      expect(doc).toMatchObject({ closeReason: "quit", outcome: "pass" });
    });

    it("finds the server through the domain's MX and sees the greeting name match its PTR", async () => {
      const doc = await session({ profile: "banner", target: mta.localDomain }, testDeps({ ports: [mta.port], dnsServers: [dns.server] }));
      expect(eventsOf(doc, "note").find((n) => n.code === "mx-chosen")?.text).toContain(`Testing ${mta.hostname}`);
      expect(eventsOf(doc, "connect")[0]).toMatchObject({ host: mta.hostname, address: mta.host });
      expect(check(doc, "greeting-name")).toMatchObject({
        status: "pass",
        detail: `The greeting names ${mta.hostname}, which matches the PTR of ${mta.host}.`,
      });
    });

    it("decodes exactly the extensions Postfix lists, with the size limit in MB and no AUTH", async () => {
      const doc = await session({ profile: "ehlo" });
      const ehlo = replyTo(doc, "EHLO");
      expect(ehlo.code).toBe(250);
      expect(ehlo.text[0]).toBe(mta.hostname);
      const [caps] = eventsOf(doc, "capabilities");
      const keywords = caps?.capabilities.map((c) => c.keyword);
      expect(keywords).toEqual(ehlo.text.slice(1).map((line) => line.split(" ")[0]!.toUpperCase()));
      expect(keywords).toEqual(
        expect.arrayContaining(["PIPELINING", "SIZE", "VRFY", "ETRN", "STARTTLS", "ENHANCEDSTATUSCODES", "8BITMIME", "DSN", "SMTPUTF8", "CHUNKING"]),
      );
      // No SASL is configured: Postfix offers no AUTH at all.
      expect(keywords).not.toContain("AUTH");
      expect(caps?.capabilities.every((c) => c.known)).toBe(true);
      const size = caps?.capabilities.find((c) => c.keyword === "SIZE");
      expect(size?.params).toEqual(["10240000"]);
      expect(size?.detail).toBe("Messages up to 9.8 MB (10240000 bytes); a larger message is refused.");
      expect(check(doc, "ehlo")?.detail).toBe(`EHLO accepted; the server lists ${keywords?.length} extensions.`);
      expect(check(doc, "starttls-offered")?.status).toBe("pass");
      expect(doc.outcome).toBe("pass");
    });
  });

  describe("STARTTLS", () => {
    it("upgrades, verifies the certificate for the IP it connected to, and says EHLO again inside TLS", async () => {
      const doc = await session({ profile: "starttls" });
      expect(eventsOf(doc, "send").map((s) => [s.line, s.tls])).toEqual([
        ["EHLO tester.helodesk.test", false],
        ["STARTTLS", false],
        ["EHLO tester.helodesk.test", true],
        ["QUIT", true],
      ]);
      expect(replyTo(doc, "STARTTLS")).toMatchObject({ code: 220, enhancedCode: "2.0.0", text: ["Ready to start TLS"] });
      const [tls] = eventsOf(doc, "tls");
      expect(tls).toMatchObject({ chainVerified: true, verifyError: null, customCa: true, selfSigned: false });
      // By IP there is no SNI: the IP is checked, and the fixture certificate lists it as an IP SAN.
      expect(tls).toMatchObject({ hostnameChecked: "127.0.0.1", hostnameMatch: true });
      expect(tls?.subjectAltNames).toContain("IP Address:127.0.0.1");
      const secure = eventsOf(doc, "capabilities")[1];
      expect(secure?.tls).toBe(true);
      expect(secure?.capabilities.map((c) => c.keyword)).not.toContain("STARTTLS");
      expect(check(doc, "tls-handshake")?.status).toBe("pass");
      expect(check(doc, "certificate")?.status).toBe("pass");
      expect(doc).toMatchObject({ closeReason: "quit", outcome: "pass" });
    });

    it("checks the MX host name (sent as SNI) when the target is a domain", async () => {
      const doc = await session({ profile: "starttls", target: mta.localDomain }, testDeps({ ports: [mta.port], dnsServers: [dns.server] }));
      const [tls] = eventsOf(doc, "tls");
      expect(tls).toMatchObject({ chainVerified: true, hostnameChecked: mta.hostname, hostnameMatch: true });
      expect(check(doc, "certificate")?.detail).toMatch(new RegExp(`^Valid for ${mta.hostname.replace(/\./g, "\\.")} until`));
      expect(doc.outcome).toBe("pass");
    });

    it("reports an untrusted chain without the CA, as a warning on port 25 traffic", async () => {
      const doc = await session({ profile: "starttls", trustCa: undefined });
      const [tls] = eventsOf(doc, "tls");
      expect(tls).toMatchObject({ chainVerified: false, customCa: false, hostnameMatch: true });
      expect(tls?.verifyError).toMatch(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT/);
      expect(check(doc, "certificate")?.status).toBe("warn");
      expect(check(doc, "certificate")?.detail).toMatch(/chain does not verify.*those that verify will not/);
      expect(doc).toMatchObject({ closeReason: "quit", outcome: "warn" });
    });
  });

  describe("AUTH", () => {
    const password = "postfix-has-no-sasl-77";

    it("fails the auth check because Postfix offers no AUTH, before or after TLS, and sends no secret", async () => {
      const doc = await session({ profile: "auth", auth: { username: "tester@helodesk.test", password } });
      expect(eventsOf(doc, "send").some((s) => s.command === "AUTH" || s.command === "AUTH-DATA")).toBe(false);
      expect(eventsOf(doc, "note").find((n) => n.code === "auth-unavailable")?.level).toBe("error");
      expect(check(doc, "auth")).toMatchObject({ status: "fail", detail: "Cannot authenticate: the server does not offer AUTH on this connection." });
      expect(JSON.stringify(doc)).not.toContain(password);
      expect(sentLines(doc).slice(-1)).toEqual(["QUIT"]);
      expect(doc).toMatchObject({ closeReason: "quit", outcome: "fail" });
    });

    it("does not judge AUTH before TLS on a submission port where no AUTH is offered at all", async () => {
      const doc = await session({ profile: "starttls", port: 587 }, testDeps({ transport: mappedTransport({ 587: mta.port }) }));
      expect(eventsOf(doc, "connect")[0]?.port).toBe(587);
      expect(eventsOf(doc, "capabilities")).toHaveLength(2);
      expect(check(doc, "auth-before-tls")).toBeUndefined();
      expect(check(doc, "starttls-offered")?.status).toBe("pass");
    });
  });

  describe("relay test", () => {
    it("passes on Postfix's 554 5.7.1 Relay access denied, explained as a relay refusal, without DATA", async () => {
      const doc = await session({ profile: "relay" });
      expect(replyTo(doc, "MAIL")).toMatchObject({ code: 250, enhancedCode: "2.1.0" });
      const rcpt = replyTo(doc, "RCPT");
      expect(rcpt).toMatchObject({ code: 554, enhancedCode: "5.7.1", text: ["<helodesk-relay-test@example.net>: Relay access denied"] });
      expect(rcpt.explanation.summary).toMatch(/^Relaying refused: the server will not pass mail on to example\.net/);
      expect(rcpt.explanation.hint).toMatch(/open relay/);
      expect(rcpt.explanation.party).toBe("nobody");
      expect(rcpt.explanation.enhanced?.code).toBe("5.7.1");
      expect(check(doc, "open-relay")).toMatchObject({
        status: "pass",
        detail: "Relaying refused, as it should be: 554 5.7.1 <helodesk-relay-test@example.net>: Relay access denied.",
      });
      expect(sentLines(doc)).not.toContain("DATA");
      expect(replyTo(doc, "RSET")).toMatchObject({ code: 250, enhancedCode: "2.0.0" });
      expect(doc.outcome).toBe("pass");
    });
  });

  describe("relay test, for a domain Postfix relays for", () => {
    it("calls an unknown user in Postfix's relay recipient table an unknown recipient, not a refused relay", async () => {
      const doc = await session({ profile: "relay", to: [`nobody@${mta.relayDomain}`] });
      const rcpt = replyTo(doc, "RCPT");
      expect(rcpt).toMatchObject({ code: 550, enhancedCode: "5.1.1", text: [`<nobody@${mta.relayDomain}>: Recipient address rejected: User unknown in relay recipient table`] });
      expect(rcpt.explanation.summary).toBe("The server says this recipient does not exist.");
      expect(check(doc, "open-relay")).toMatchObject({ status: "warn", detail: expect.stringMatching(/^Inconclusive: the recipient was refused as unknown \(550 5\.1\.1 .*User unknown in relay recipient table\)/) });
    });

    it("calls an accepted recipient there inconclusive with an address as the target, since it may be the server's own domain", async () => {
      const doc = await session({ profile: "relay", to: [mta.relayUser] });
      expect(replyTo(doc, "RCPT")).toMatchObject({ code: 250 });
      expect(check(doc, "open-relay")).toMatchObject({ status: "warn", detail: expect.stringMatching(/cannot tell whether relayed\.test is one of its domains/) });
    });
  });

  describe("send", () => {
    it("delivers to a local user and takes the queue id from '250 2.0.0 Ok: queued as …'", async () => {
      const doc = await send({});
      const [message] = eventsOf(doc, "message");
      expect(message).toBeDefined();
      expect(sentLines(doc)).toContain(`MAIL FROM:<sender@client.test> SIZE=${message!.size}`);
      expect(replyTo(doc, "RCPT")).toMatchObject({ code: 250, enhancedCode: "2.1.5" });
      expect(replyTo(doc, "DATA").code).toBe(354);
      const final = replyTo(doc, "DATA-END");
      expect(final).toMatchObject({ code: 250, enhancedCode: "2.0.0" });
      const said = QUEUED_AS.exec(final.text.join(" "))?.[1];
      expect(said).toBeDefined();
      expect(message).toMatchObject({ queueId: said, method: "DATA" });
      expect(final.explanation.summary).toBe("The server accepted the message and queued it for delivery.");
      expect(check(doc, "message-accepted")).toMatchObject({ status: "pass" });
      expect(check(doc, "message-accepted")?.detail).toContain(`with queue id ${said}`);
      await expectLogged(said!);
      expect(doc.outcome).toBe("pass");
    });

    it("explains 550 5.1.1 for an unknown local user as a recipient that does not exist, and sends no DATA", async () => {
      const doc = await send({ to: [`nobody@${mta.localDomain}`] });
      const rcpt = replyTo(doc, "RCPT");
      expect(rcpt).toMatchObject({ code: 550, enhancedCode: "5.1.1" });
      expect(rcpt.text[0]).toMatch(/User unknown in local recipient table$/);
      expect(rcpt.explanation).toMatchObject({ summary: "The server says this recipient does not exist.", party: "recipient-admin", class: "permanent" });
      expect(rcpt.explanation.enhanced?.code).toBe("5.1.1");
      expect(eventsOf(doc, "message")).toHaveLength(0);
      expect(sentLines(doc).slice(-2)).toEqual(["RSET", "QUIT"]);
      expect(check(doc, "message-accepted")?.status).toBe("fail");
      expect(check(doc, "message-accepted")?.detail).toMatch(/^Not accepted: RCPT got 550 5\.1\.1 .*does not exist\.$/);
      expect(doc).toMatchObject({ closeReason: "quit", outcome: "fail" });
    });

    it("still sends to the recipients Postfix accepts when another one is unknown", async () => {
      const doc = await send({ to: [mta.localUser, `nobody@${mta.localDomain}`] });
      expect(eventsOf(doc, "reply").filter((r) => r.command === "RCPT").map((r) => r.code)).toEqual([250, 550]);
      expect(eventsOf(doc, "message")[0]?.queueId).toMatch(/^[0-9A-Za-z]+$/);
      expect(check(doc, "message-accepted")?.status).toBe("pass");
    });

    it("asks for delivery notifications with NOTIFY, since Postfix offers DSN", async () => {
      const doc = await send({ dsn: true });
      expect(sentLines(doc)).toContain(`RCPT TO:<${mta.localUser}> NOTIFY=SUCCESS,FAILURE`);
      expect(replyTo(doc, "RCPT")).toMatchObject({ code: 250, enhancedCode: "2.1.5" });
      expect(eventsOf(doc, "note").some((n) => n.code === "dsn-missing")).toBe(false);
      expect(check(doc, "message-accepted")?.status).toBe("pass");
    });

    it("sends the message as one BDAT LAST chunk, since Postfix offers CHUNKING, and Postfix counts the same bytes", async () => {
      const doc = await send({ chunking: true });
      expect(sentLines(doc)).not.toContain("DATA");
      const bdat = sentLines(doc).find((l) => l.startsWith("BDAT"));
      const declared = Number(/^BDAT (\d+) LAST$/.exec(bdat ?? "")?.[1]);
      expect(declared).toBeGreaterThan(0);
      const final = replyTo(doc, "BDAT");
      expect(final).toMatchObject({ code: 250, enhancedCode: "2.0.0" });
      // "Ok: 519 bytes queued as 4ZkQ…": Postfix reports how many bytes it read.
      expect(final.text[0]).toMatch(new RegExp(`^Ok: ${declared} bytes queued as \\w+$`));
      expect(eventsOf(doc, "message")[0]).toMatchObject({ method: "BDAT", queueId: QUEUED_AS.exec(final.text[0]!)?.[1] });
      expect(final.explanation.summary).toMatch(/after the LAST chunk this means the message is accepted/);
      expect(check(doc, "message-accepted")?.status).toBe("pass");
    });

    it("adds SMTPUTF8 to MAIL FROM for a non-ASCII sender, which Postfix accepts", async () => {
      const doc = await send({ from: "jörg@client.test" });
      expect(sentLines(doc).find((l) => l.startsWith("MAIL FROM"))).toMatch(/^MAIL FROM:<jörg@client\.test> SIZE=\d+ SMTPUTF8$/);
      expect(replyTo(doc, "MAIL").code).toBe(250);
      expect(check(doc, "message-accepted")?.status).toBe("pass");
    });
  });

  describe("interactive console", () => {
    async function greeted(extra: Partial<SessionRequestInput> = {}): Promise<Session> {
      const live = startSession(request({ profile: "interactive", ...extra }), deps());
      for await (const e of live.events()) if (e.type === "reply") break;
      return live;
    }

    async function typeInto(live: Session, line: string) {
      const result = await live.input(line);
      if (!result.ok) throw new Error(`"${line}" refused: ${result.error}`);
      return result;
    }

    it("walks a typed session: EHLO, MAIL FROM, RCPT TO, DATA, body, the dot and QUIT", async () => {
      const live = await greeted();
      expect(await typeInto(live, "EHLO me.client.test")).toMatchObject({ mode: "command", reply: { code: 250 } });
      expect(await typeInto(live, "MAIL FROM:<sender@client.test>")).toMatchObject({ reply: { code: 250, enhancedCode: "2.1.0", text: ["Ok"] } });
      expect(await typeInto(live, `RCPT TO:<${mta.localUser}>`)).toMatchObject({ reply: { code: 250, enhancedCode: "2.1.5" } });
      const go = await typeInto(live, "DATA");
      expect(go).toMatchObject({ mode: "data", reply: { code: 354, text: ["End data with <CR><LF>.<CR><LF>"] } });
      for (const line of ["Subject: typed by hand", "", "Hello from the console.", ".a line that starts with a dot"]) {
        expect(await typeInto(live, line)).toEqual({ ok: true, reply: null, mode: "data" });
      }
      const queued = await typeInto(live, ".");
      expect(queued).toMatchObject({ mode: "command", reply: { code: 250, enhancedCode: "2.0.0" } });
      const said = QUEUED_AS.exec(queued.reply?.text[0] ?? "")?.[1];
      expect(said).toBeDefined();
      expect(queued.reply?.explanation.summary).toBe("The server accepted the message and queued it for delivery.");
      expect(await typeInto(live, "QUIT")).toMatchObject({ reply: { code: 221, enhancedCode: "2.0.0" } });
      expect(await live.input("NOOP")).toEqual({ ok: false, error: "the session has ended" });

      const doc = await live.done;
      expect(sentLines(doc)).toContain("..a line that starts with a dot");
      expect(doc.closeReason).toBe("quit");
      expect(eventsOf(doc, "reply").every((r) => r.explanation.summary.length > 10)).toBe(true);
      await expectLogged(said!);
    });

    it("explains Postfix's refusals of a bare EHLO name and of an unqualified sender at RCPT TO as what they are", async () => {
      const bare = await greeted();
      expect((await typeInto(bare, "EHLO localhost")).reply?.code).toBe(250);
      expect((await typeInto(bare, "MAIL FROM:<sender@client.test>")).reply?.code).toBe(250);
      const helo = await typeInto(bare, `RCPT TO:<${mta.localUser}>`);
      expect(helo.reply).toMatchObject({ code: 504, enhancedCode: "5.5.2", text: ["<localhost>: Helo command rejected: need fully-qualified hostname"] });
      expect(helo.reply?.explanation).toMatchObject({ party: "tester" });
      expect(helo.reply?.explanation.summary).toMatch(/name this client announced in EHLO: it is not a fully qualified host name/);
      await typeInto(bare, "QUIT");
      await bare.done;

      const unqualified = await greeted();
      expect((await typeInto(unqualified, "EHLO me.client.test")).reply?.code).toBe(250);
      expect((await typeInto(unqualified, "MAIL FROM:<sender@localhost>")).reply?.code).toBe(250);
      const sender = await typeInto(unqualified, `RCPT TO:<${mta.localUser}>`);
      expect(sender.reply).toMatchObject({ code: 504, enhancedCode: "5.5.2", text: ["<sender@localhost>: Sender address rejected: need fully-qualified address"] });
      expect(sender.reply?.explanation.summary).toMatch(/^The server refused the sender address: its domain is not fully qualified/);
      expect(sender.reply?.explanation.summary).not.toMatch(/parameter/);
      await typeInto(unqualified, "QUIT");
      await unqualified.done;
    });

    it("annotates Postfix's answers to typos, VRFY, commands out of order, and a typed STARTTLS", async () => {
      const live = await greeted();
      const typo = await typeInto(live, "RCTP TO:<a@client.test>");
      expect(typo.reply).toMatchObject({ code: 500, enhancedCode: "5.5.2" });
      expect(typo.reply?.explanation).toMatchObject({ party: "tester" });
      expect(typo.reply?.explanation.summary).toMatch(/typo/);

      const known = await typeInto(live, "VRFY tester");
      expect(known.reply).toMatchObject({ code: 252, enhancedCode: "2.0.0" });
      expect(known.reply?.explanation.summary).toMatch(/would accept mail/);
      // VRFY is on (Postfix's default): a 550 here is an answer about the address, not VRFY being off.
      const unknown = await typeInto(live, "VRFY nobody");
      expect(unknown.reply).toMatchObject({ code: 550, enhancedCode: "5.1.1" });
      expect(unknown.reply?.explanation.summary).toBe("The server answered VRFY: it has no such address.");
      expect(unknown.reply?.explanation.summary).not.toMatch(/switched off/);

      const early = await typeInto(live, "DATA");
      expect(early.reply).toMatchObject({ code: 503, enhancedCode: "5.5.1" });
      expect(early.reply?.explanation.summary).toBe("Bad sequence of commands: DATA is not allowed at this point.");

      expect((await typeInto(live, "EHLO me.client.test")).reply?.code).toBe(250);
      expect((await typeInto(live, "MAIL FROM:<sender@client.test>")).reply?.code).toBe(250);
      const relay = await typeInto(live, "RCPT TO:<someone@example.net>");
      expect(relay.reply).toMatchObject({ code: 554, enhancedCode: "5.7.1" });
      expect(relay.reply?.explanation.summary).toMatch(/^Relaying refused/);
      const none = await typeInto(live, "DATA");
      expect(none.reply).toMatchObject({ code: 554, enhancedCode: "5.5.1" });
      expect(none.reply?.explanation.summary).toBe("No recipient was accepted, so there is nothing to send.");
      expect(await live.input("BDAT 10 LAST")).toMatchObject({ ok: false, error: expect.stringMatching(/cannot be typed by hand/) });
      expect((await typeInto(live, "RSET")).reply?.code).toBe(250);

      expect((await typeInto(live, "STARTTLS")).reply).toMatchObject({ code: 220, enhancedCode: "2.0.0" });
      const secure = await typeInto(live, "EHLO me.client.test");
      expect(secure.reply).toMatchObject({ code: 250, tls: true });
      expect(secure.reply?.text).not.toContain("STARTTLS");
      expect((await typeInto(live, "QUIT")).reply?.code).toBe(221);

      const doc = await live.done;
      expect(eventsOf(doc, "tls")[0]).toMatchObject({ chainVerified: true, hostnameMatch: true });
      expect(doc.closeReason).toBe("quit");
    });
  });
});
