import { formatEvent } from "@/lib/transcript-text";
import { SessionRequest } from "@/lib/schemas/request";
import { afterEach, describe, expect, it } from "vitest";
import { SessionDocument } from "@/lib/schemas/session";
import { startDnsServer, type DnsServer } from "../fixtures/dns-server";
import { type ScriptedServer, startScriptedServer } from "../fixtures/scripted-server";
import { getTestCertificates } from "../fixtures/tls-certs";
import { check, eventsOf, loopbackRequest, mappedTransport, run, sentLines, testDeps } from "../support/engine";

let server: ScriptedServer | null = null;
let dns: DnsServer | null = null;
afterEach(async () => {
  await server?.close();
  await dns?.close();
  server = null;
  dns = null;
});

describe("banner profile", () => {
  it("reads the greeting, says QUIT and produces a valid session document", async () => {
    server = await startScriptedServer();
    const doc = await run(loopbackRequest(server.port, { profile: "banner" }), testDeps({ ports: [server.port] }));
    expect(SessionDocument.parse(doc)).toBeTruthy();
    expect(sentLines(doc)).toEqual(["QUIT"]);
    const [greeting] = eventsOf(doc, "reply");
    expect(greeting).toMatchObject({ code: 220, command: "CONNECT", lines: ["220 fixture.helodesk.test ESMTP ready"] });
    expect(greeting!.explanation.summary.length).toBeGreaterThan(10);
    expect(doc.closeReason).toBe("quit");
    expect(check(doc, "greeting")?.status).toBe("pass");
    expect(server.allLines).toEqual(["QUIT"]);
  });

  it("stamps every event with increasing sequence numbers and monotonic times", async () => {
    server = await startScriptedServer();
    const doc = await run(loopbackRequest(server.port, { profile: "ehlo" }), testDeps({ ports: [server.port] }));
    doc.events.forEach((e, i) => {
      expect(e.seq).toBe(i);
      if (i > 0) expect(e.t).toBeGreaterThanOrEqual(doc.events[i - 1]!.t);
      expect(e.dt).toBeGreaterThanOrEqual(0);
    });
    expect(doc.events.at(-1)?.type).toBe("close");
  });

  it("does not send anything before the last line of a slow multi-line greeting", async () => {
    let firstLineAt = 0;
    server = await startScriptedServer({
      greeting: (conn) => {
        conn.write("220-fixture.helodesk.test slow\r\n");
        firstLineAt = Date.now();
        setTimeout(() => conn.write("220 ready now\r\n"), 300);
      },
    });
    const doc = await run(loopbackRequest(server.port, { profile: "ehlo" }), testDeps({ ports: [server.port] }));
    const conn = server.connections[0]!;
    expect(conn.received[0]).toMatch(/^EHLO /);
    const [greeting] = eventsOf(doc, "reply");
    expect(greeting?.lines).toEqual(["220-fixture.helodesk.test slow", "220 ready now"]);
    expect(firstLineAt).toBeGreaterThan(0);
  });
});

describe("ehlo profile", () => {
  it("decodes capabilities and passes the EHLO check", async () => {
    server = await startScriptedServer();
    const doc = await run(loopbackRequest(server.port, { profile: "ehlo" }), testDeps({ ports: [server.port] }));
    expect(sentLines(doc)).toEqual(["EHLO tester.helodesk.test", "QUIT"]);
    const [caps] = eventsOf(doc, "capabilities");
    expect(caps?.capabilities.map((c) => c.keyword)).toEqual(["PIPELINING", "SIZE", "8BITMIME", "ENHANCEDSTATUSCODES", "SMTPUTF8"]);
    expect(caps?.capabilities.find((c) => c.keyword === "SIZE")?.detail).toContain("MB");
    expect(check(doc, "ehlo")?.status).toBe("pass");
  });

  it("falls back to HELO when EHLO is refused", async () => {
    server = await startScriptedServer({ replies: { EHLO: "502 5.5.1 command not implemented" } });
    const doc = await run(loopbackRequest(server.port, { profile: "ehlo" }), testDeps({ ports: [server.port] }));
    expect(sentLines(doc)).toEqual(["EHLO tester.helodesk.test", "HELO tester.helodesk.test", "QUIT"]);
    expect(check(doc, "ehlo")?.status).toBe("warn");
    expect(eventsOf(doc, "capabilities")[0]?.via).toBe("HELO");
  });
});

describe("starttls profile", () => {
  it("upgrades, reports the certificate and says EHLO again inside TLS", async () => {
    const certs = await getTestCertificates();
    server = await startScriptedServer({ tls: certs.server });
    const doc = await run(
      loopbackRequest(server.port, { profile: "starttls", trustCa: certs.ca.cert }),
      testDeps({ ports: [server.port] }),
    );
    const sends = eventsOf(doc, "send");
    expect(sends.map((s) => [s.line.split(" ")[0], s.tls])).toEqual([["EHLO", false], ["STARTTLS", false], ["EHLO", true], ["QUIT", true]]);
    const [tls] = eventsOf(doc, "tls");
    expect(tls).toMatchObject({ chainVerified: true, hostnameMatch: true, selfSigned: false, customCa: true, hostnameChecked: "127.0.0.1" });
    expect(tls?.subjectAltNames).toEqual(expect.arrayContaining(["DNS:mail.helodesk.test"]));
    expect(tls?.protocol).toMatch(/^TLSv1\.[23]$/);
    expect(check(doc, "certificate")?.status).toBe("pass");
    expect(check(doc, "starttls-offered")?.status).toBe("pass");
    expect(doc.outcome).toBe("pass");
  });

  it("reports a self-signed certificate without stopping the session", async () => {
    const certs = await getTestCertificates();
    server = await startScriptedServer({ tls: certs.selfSigned });
    const doc = await run(loopbackRequest(server.port, { profile: "starttls" }), testDeps({ ports: [server.port] }));
    const [tls] = eventsOf(doc, "tls");
    expect(tls).toMatchObject({ selfSigned: true, chainVerified: false });
    expect(doc.closeReason).toBe("quit");
    expect(check(doc, "certificate")).toMatchObject({ status: "warn" });
    expect(check(doc, "certificate")?.detail).toContain("self-signed");
  });

  it("reports an expired certificate and one for another host", async () => {
    const certs = await getTestCertificates();
    for (const [material, words] of [[certs.expired, "expired"], [certs.wrongHost, "does not cover"]] as const) {
      server = await startScriptedServer({ tls: material });
      const doc = await run(loopbackRequest(server.port, { profile: "starttls", trustCa: certs.ca.cert }), testDeps({ ports: [server.port] }));
      expect(check(doc, "certificate")?.detail).toContain(words);
      expect(doc.closeReason).toBe("quit");
      await server.close();
    }
  });

  it("warns when a certificate expires within 14 days", async () => {
    const certs = await getTestCertificates();
    server = await startScriptedServer({ tls: certs.expiringSoon });
    const doc = await run(loopbackRequest(server.port, { profile: "starttls", trustCa: certs.ca.cert }), testDeps({ ports: [server.port] }));
    expect(check(doc, "certificate")).toMatchObject({ status: "warn" });
    expect(check(doc, "certificate")?.detail).toMatch(/expires in [45] days/);
  });

  it("fails when STARTTLS is required but not offered on port 25", async () => {
    server = await startScriptedServer();
    const doc = await run(loopbackRequest(25, { profile: "starttls" }), testDeps({ transport: mappedTransport({ 25: server.port }) }));
    expect(sentLines(doc)).toEqual(["EHLO tester.helodesk.test", "QUIT"]);
    expect(eventsOf(doc, "note").find((n) => n.code === "starttls-missing")?.level).toBe("error");
    expect(check(doc, "starttls-offered")?.status).toBe("fail");
    expect(doc.outcome).toBe("fail");
  });

  it("holds the ehlo profile to TLS mode starttls: it fails without STARTTLS, where it used to pass without trying", async () => {
    server = await startScriptedServer();
    const doc = await run(loopbackRequest(25, { profile: "ehlo", tls: "starttls" }), testDeps({ transport: mappedTransport({ 25: server.port }) }));
    expect(eventsOf(doc, "note").find((n) => n.code === "starttls-missing")?.level).toBe("error");
    expect(doc.outcome).toBe("fail");
    // With TLS mode auto, the ehlo profile still does not try STARTTLS.
    const auto = await run(loopbackRequest(25, { profile: "ehlo" }), testDeps({ transport: mappedTransport({ 25: server.port }) }));
    expect(eventsOf(auto, "note").some((n) => n.code === "starttls-missing")).toBe(false);
    expect(sentLines(auto)).toEqual(["EHLO tester.helodesk.test", "QUIT"]);
  });

  it("fails when the server offers STARTTLS but refuses it, and an optional upgrade only warns", async () => {
    const certs = await getTestCertificates();
    server = await startScriptedServer({ tls: certs.server, replies: { STARTTLS: "454 4.7.0 TLS not available due to local problem" } });
    const required = await run(loopbackRequest(server.port, { profile: "starttls" }), testDeps({ ports: [server.port] }));
    expect(sentLines(required)).toEqual(["EHLO tester.helodesk.test", "STARTTLS", "QUIT"]);
    expect(check(required, "starttls-offered")?.status).toBe("pass");
    expect(check(required, "starttls")).toMatchObject({ status: "fail", detail: "The server offered STARTTLS but answered 454 to it. The connection was never encrypted." });
    expect(required.outcome).toBe("fail");
    const optional = await run(loopbackRequest(server.port, { profile: "relay" }), testDeps({ ports: [server.port] }));
    expect(check(optional, "starttls")).toMatchObject({ status: "warn", detail: expect.stringMatching(/rest of the session went unencrypted/) });
  });

  it("speaks implicit TLS from the first byte", async () => {
    const certs = await getTestCertificates();
    server = await startScriptedServer({ tls: certs.server, implicitTls: true });
    const doc = await run(loopbackRequest(server.port, { profile: "ehlo", tls: "implicit", trustCa: certs.ca.cert }), testDeps({ ports: [server.port] }));
    expect(eventsOf(doc, "connect")[0]?.implicitTls).toBe(true);
    expect(eventsOf(doc, "reply").every((r) => r.tls)).toBe(true);
    expect(check(doc, "certificate")?.status).toBe("pass");
  });
});

describe("relay profile", () => {
  it("fails the open-relay check when an outside recipient is accepted, and never sends DATA", async () => {
    server = await startScriptedServer();
    const doc = await run(loopbackRequest(server.port, { profile: "relay" }), testDeps({ ports: [server.port] }));
    expect(sentLines(doc)).toEqual([
      "EHLO tester.helodesk.test",
      "MAIL FROM:<helodesk-relay-test@example.com>",
      "RCPT TO:<helodesk-relay-test@example.net>",
      "RSET",
      "QUIT",
    ]);
    expect(check(doc, "open-relay")?.status).toBe("fail");
    expect(doc.outcome).toBe("fail");
    expect(server.allLines).not.toContain("DATA");
  });

  it("passes when relaying is refused with 550 5.7.1 and explains why that is right", async () => {
    server = await startScriptedServer({ replies: { RCPT: "550 5.7.1 <helodesk-relay-test@example.net>: Relay access denied" } });
    const doc = await run(loopbackRequest(server.port, { profile: "relay" }), testDeps({ ports: [server.port] }));
    expect(check(doc, "open-relay")?.status).toBe("pass");
    const rcpt = eventsOf(doc, "reply").find((r) => r.command === "RCPT");
    expect(rcpt?.enhancedCode).toBe("5.7.1");
    expect(rcpt?.explanation.hint ?? "").toMatch(/relay/i);
  });
  it("does not call the tested domain's own recipient an open relay: inconclusive, in the domain or when the target is an address", async () => {
    server = await startScriptedServer();
    dns = await startDnsServer({ "qa.helodesk.test": { MX: [{ exchange: "mail.qa.helodesk.test", priority: 10 }] }, "mail.qa.helodesk.test": { A: ["127.0.0.1"] } });
    const own = await run(loopbackRequest(server.port, { target: "qa.helodesk.test", profile: "relay", to: ["tester@qa.helodesk.test"] }), testDeps({ ports: [server.port], dnsServers: [dns.server] }));
    expect(check(own, "open-relay")).toMatchObject({ status: "warn", detail: expect.stringMatching(/^Inconclusive: the server accepted tester@qa\.helodesk\.test, in the domain tested/) });
    const byAddress = await run(loopbackRequest(server.port, { profile: "relay", to: ["someone@example.org"] }), testDeps({ ports: [server.port] }));
    expect(check(byAddress, "open-relay")).toMatchObject({ status: "warn", detail: expect.stringMatching(/cannot tell whether example\.org is one of its domains/) });
    // An address in legacy notation is an address too (read as 127.0.0.1, as the engine connects to it).
    const legacy = await run(loopbackRequest(server.port, { target: "0x7f.1", profile: "relay", to: ["someone@example.org"] }), testDeps({ ports: [server.port] }));
    expect(eventsOf(legacy, "connect")[0]?.address).toBe("127.0.0.1");
    expect(check(legacy, "open-relay")).toMatchObject({ status: "warn", detail: expect.stringMatching(/cannot tell whether example\.org is one of its domains/) });
    // HeloDesk's own outside probe, accepted: that is an open relay.
    const probe = await run(loopbackRequest(server.port, { profile: "relay" }), testDeps({ ports: [server.port] }));
    expect(check(probe, "open-relay")?.status).toBe("fail");
  });

  it.each([
    ["554 5.7.1 <helodesk-relay-test@example.com>: Sender address rejected: Access denied", "warn"],
    ["554 5.7.1 <unknown[127.0.0.1]>: Client host rejected: Access denied", "warn"],
    ["554 5.7.1 Service unavailable; Client host [127.0.0.1] blocked using zen.spamhaus.org", "warn"],
    ["550 5.7.1 Message rate limit exceeded", "warn"],
    // Gmail, to a client on an end user's address: about this client, not the relay.
    ["550 5.7.1 [127.0.0.1] The IP you're using to send mail is not authorized to send email directly to our servers. Please use the SMTP relay at your service provider instead. NotAuthorizedError", "warn"],
    ["554 5.7.1 <localhost>: Helo command rejected: Generic / dynamic helo/ehlo is not allowed here", "warn"],
    // Postfix checks an unlisted sender at RCPT TO: the sender is unknown, not the recipient.
    ["550 5.1.0 <helodesk-relay-test@example.com>: Sender address rejected: User unknown in local recipient table", "warn"],
    ["550 5.7.1 Relaying denied: invalid recipient", "pass"],
    ["454 4.7.1 <helodesk-relay-test@example.net>: Relay access denied", "pass"],
    // Wider than the annotation's refusal phrases: any mention of relaying in the server's own words.
    ["451 4.7.1 Relaying temporarily denied", "pass"],
  ])("judges RCPT's %s as %s: only a refusal of the relay answers the relay test", async (reply, status) => {
    server = await startScriptedServer({ replies: { RCPT: reply } });
    const doc = await run(loopbackRequest(server.port, { profile: "relay" }), testDeps({ ports: [server.port] }));
    expect(check(doc, "open-relay")?.status).toBe(status);
    if (status === "warn") expect(check(doc, "open-relay")?.detail).toMatch(/^Inconclusive: the server refused the sender or this client/);
  });

  it("calls the relay test inconclusive when the recipient is refused as unknown, not as relaying", async () => {
    server = await startScriptedServer({ replies: { RCPT: "550 5.1.1 <nobody@helodesk.test>: Recipient address rejected: User unknown" } });
    const doc = await run(loopbackRequest(server.port, { profile: "relay", to: ["nobody@helodesk.test"] }), testDeps({ ports: [server.port] }));
    expect(check(doc, "open-relay")).toMatchObject({ status: "warn" });
    expect(check(doc, "open-relay")?.detail).toMatch(/Inconclusive/);
  });
  it("is not fooled by its own probe address when the server echoes it in a user-unknown refusal (Postfix's wording)", async () => {
    server = await startScriptedServer({ replies: { RCPT: "550 5.1.1 <helodesk-relay-test@example.net>: Recipient address rejected: User unknown in virtual mailbox table" } });
    const doc = await run(loopbackRequest(server.port, { profile: "relay" }), testDeps({ ports: [server.port] }));
    expect(check(doc, "open-relay")).toMatchObject({ status: "warn", detail: expect.stringMatching(/^Inconclusive: the recipient was refused as unknown/) });
  });
  it.each([
    // Postfix, for a domain it relays for (relay_recipient_maps): the server relays there, the user is unknown.
    "550 5.1.1 <nobody@example.net>: Recipient address rejected: User unknown in relay recipient table",
    // A server without enhanced codes.
    "550 No such user here",
  ])("calls the relay test inconclusive for an unknown recipient in any words: %s", async (rcptReply) => {
    server = await startScriptedServer({ replies: { RCPT: rcptReply } });
    const doc = await run(loopbackRequest(server.port, { profile: "relay", to: ["nobody@example.net"] }), testDeps({ ports: [server.port] }));
    expect(check(doc, "open-relay")).toMatchObject({ status: "warn", detail: expect.stringMatching(/^Inconclusive: the recipient was refused as unknown/) });
  });
  it.each(["503 5.5.1 Error: need MAIL command", "500 5.5.2 Syntax error, command unrecognized", "501 Syntax: RCPT TO:<address>"])(
    "calls a protocol error at RCPT TO inconclusive, not a refused relay: %s",
    async (rcptReply) => {
      server = await startScriptedServer({ replies: { RCPT: rcptReply } });
      const doc = await run(loopbackRequest(server.port, { profile: "relay" }), testDeps({ ports: [server.port] }));
      expect(check(doc, "open-relay")).toMatchObject({ status: "warn", detail: expect.stringMatching(/protocol error/) });
    },
  );
  it("says why Postfix refused at RCPT TO when the reason is the EHLO name, not the recipient's parameters", async () => {
    server = await startScriptedServer({ replies: { RCPT: "504 5.5.2 <localhost>: Helo command rejected: need fully-qualified hostname" } });
    const doc = await run(loopbackRequest(server.port, { profile: "relay" }), testDeps({ ports: [server.port] }));
    const detail = check(doc, "open-relay")?.detail ?? "";
    expect(check(doc, "open-relay")?.status).toBe("warn");
    expect(detail).toMatch(/^Inconclusive: the server refused RCPT TO as a protocol error .*it is not a fully qualified host name/);
    expect(detail).not.toMatch(/parameter/);
  });
  it("sends nothing after a 421 to RCPT TO: the server is closing (RFC 5321 3.8)", async () => {
    server = await startScriptedServer({ replies: { RCPT: "421 4.7.0 mx.helodesk.test Too many errors, closing transmission channel" } });
    const doc = await run(loopbackRequest(server.port, { profile: "relay", to: ["a@example.net", "b@example.net"] }), testDeps({ ports: [server.port] }));
    expect(sentLines(doc)).toEqual(["EHLO tester.helodesk.test", "MAIL FROM:<helodesk-relay-test@example.com>", "RCPT TO:<a@example.net>"]);
    expect(doc.closeReason).toBe("peer-closed");
    expect(eventsOf(doc, "note").filter((n) => n.level === "error")).toEqual([]);
  });
});

describe("the null sender (MAIL FROM:<>)", () => {
  it("sends a bounce-style message from <>, its From header naming the mailer daemon", async () => {
    server = await startScriptedServer();
    const doc = await run(loopbackRequest(server.port, { profile: "send", from: "<>", to: ["postmaster@helodesk.test"] }), testDeps({ ports: [server.port] }));
    expect(sentLines(doc)[1]).toMatch(/^MAIL FROM:<> SIZE=\d+$/);
    expect(check(doc, "message-accepted")?.status).toBe("pass");
    expect(server.messages[0]).toMatch(/^From: MAILER-DAEMON@tester\.helodesk\.test\r$/m);
  });

  it.each(["[192.0.2.1]", "[IPv6:2001:db8::1]"])("names the mailer daemon of an address-literal EHLO name %s, and keeps the Message-ID one a reader parses", async (helo) => {
    server = await startScriptedServer();
    const doc = await run(loopbackRequest(server.port, { profile: "send", from: "<>", to: ["postmaster@helodesk.test"], helo }), testDeps({ ports: [server.port] }));
    expect(check(doc, "message-accepted")?.status).toBe("pass");
    const message = server.messages[0] ?? "";
    expect(message).toMatch(new RegExp(`^From: <?MAILER-DAEMON@${helo.replace(/[[\]]/g, "\\$&")}>?\r$`, "mi"));
    // RFC 5322 3.6.4: msg-id = "<" id-left "@" id-right ">", id-right a dot-atom or a bracketed literal.
    const id = /^Message-ID: (.*)\r$/m.exec(message)?.[1];
    expect(id).toMatch(/^<[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@(?:[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*|\[[\x21-\x5a\x5e-\x7e]*\])>$/);
    expect(id).toBe(`<${eventsOf(doc, "message")[0]?.messageId.slice(1, -1)}>`);
  });

  it("runs the relay test from <> too", async () => {
    server = await startScriptedServer({ replies: { RCPT: "554 5.7.1 <helodesk-relay-test@example.net>: Relay access denied" } });
    const doc = await run(loopbackRequest(server.port, { profile: "relay", from: "<>" }), testDeps({ ports: [server.port] }));
    expect(sentLines(doc).slice(1, 3)).toEqual(["MAIL FROM:<>", "RCPT TO:<helodesk-relay-test@example.net>"]);
    expect(check(doc, "open-relay")?.status).toBe("pass");
  });
});

describe("send profile", () => {
  it("says so when DATA is answered with 250 instead of 354, and sends no message", async () => {
    server = await startScriptedServer({ replies: { DATA: "250 2.0.0 Ok" } });
    const doc = await run(loopbackRequest(server.port, { profile: "send", from: "alice@helodesk.test", to: ["bob@helodesk.test"] }), testDeps({ ports: [server.port] }));
    expect(sentLines(doc).slice(3)).toEqual(["DATA", "QUIT"]);
    expect(check(doc, "message-accepted")).toMatchObject({ status: "fail", detail: expect.stringMatching(/^The server answered DATA with 250 instead of 354/) });
  });

  it("explains a 530 at MAIL FROM by what the server's EHLO offered", async () => {
    server = await startScriptedServer({ replies: { MAIL: "530 5.7.0 Must issue a STARTTLS command first" } });
    const doc = await run(loopbackRequest(server.port, { profile: "send", from: "alice@helodesk.test", to: ["bob@helodesk.test"] }), testDeps({ ports: [server.port] }));
    const mail = eventsOf(doc, "reply").find((r) => r.command === "MAIL");
    expect(eventsOf(doc, "capabilities")[0]?.capabilities.map((c) => c.keyword)).not.toContain("STARTTLS");
    expect(mail?.explanation.hint).toMatch(/EHLO did not offer STARTTLS/);
  });

  it("walks MAIL, RCPT, DATA, the message and the dot, and picks out the queue id", async () => {
    server = await startScriptedServer();
    const doc = await run(
      loopbackRequest(server.port, { profile: "send", from: "alice@helodesk.test", to: ["bob@helodesk.test"], body: "hello\n.starts with a dot\nbye" }),
      testDeps({ ports: [server.port] }),
    );
    const lines = sentLines(doc);
    expect(lines[1]).toMatch(/^MAIL FROM:<alice@helodesk\.test> SIZE=\d+$/);
    expect(lines[2]).toBe("RCPT TO:<bob@helodesk.test>");
    expect(lines[3]).toBe("DATA");
    expect(lines).toContain("..starts with a dot");
    expect(lines.at(-2)).toBe(".");
    const message = server.messages[0]!;
    for (const header of ["Subject: ", "Date: ", "Message-ID: <", "From: alice@helodesk.test", "To: bob@helodesk.test"]) {
      expect(message).toContain(header);
    }
    const [accepted] = eventsOf(doc, "message");
    expect(accepted).toMatchObject({ queueId: "4ZkQ1x3V0Bz9sT", method: "DATA" });
    expect(check(doc, "message-accepted")?.status).toBe("pass");
  });

  it("asks for DSN when the user wants it and the server offers it", async () => {
    server = await startScriptedServer({
      replies: { EHLO: "250-fixture.helodesk.test\r\n250-DSN\r\n250 SIZE 1000000" },
    });
    const doc = await run(
      loopbackRequest(server.port, { profile: "send", from: "a@helodesk.test", to: ["b@helodesk.test"], dsn: true }),
      testDeps({ ports: [server.port] }),
    );
    expect(sentLines(doc)).toContain("RCPT TO:<b@helodesk.test> NOTIFY=SUCCESS,FAILURE");
  });

  it("uses BDAT when CHUNKING is offered and asked for", async () => {
    server = await startScriptedServer({
      replies: { EHLO: "250-fixture.helodesk.test\r\n250 CHUNKING", BDAT: "250 2.0.0 Ok: queued as BDAT42" },
    });
    const doc = await run(
      loopbackRequest(server.port, { profile: "send", from: "a@helodesk.test", to: ["b@helodesk.test"], chunking: true }),
      testDeps({ ports: [server.port] }),
    );
    const bdat = sentLines(doc).find((l) => l.startsWith("BDAT"));
    expect(bdat).toMatch(/^BDAT \d+ LAST$/);
    expect(server.messages[0]).toContain("Subject: ");
    expect(Buffer.byteLength(server.messages[0]!)).toBe(Number(bdat!.split(" ")[1]));
    expect(server.allLines).not.toContain("DATA");
    expect(eventsOf(doc, "message")[0]).toMatchObject({ queueId: "BDAT42", method: "BDAT" });
  });

  it("adds SMTPUTF8 for an internationalised address when offered, and refuses to go on when not", async () => {
    server = await startScriptedServer();
    const doc = await run(
      loopbackRequest(server.port, { profile: "send", from: "josé@helodesk.test", to: ["用户@helodesk.test"] }),
      testDeps({ ports: [server.port] }),
    );
    expect(sentLines(doc)[1]).toMatch(/^MAIL FROM:<josé@helodesk\.test> SIZE=\d+ SMTPUTF8$/);
    await server.close();

    server = await startScriptedServer({ replies: { EHLO: "250-fixture.helodesk.test\r\n250 8BITMIME" } });
    const refused = await run(
      loopbackRequest(server.port, { profile: "send", from: "josé@helodesk.test", to: ["b@helodesk.test"] }),
      testDeps({ ports: [server.port] }),
    );
    expect(sentLines(refused)).toEqual(["EHLO tester.helodesk.test", "QUIT"]);
    expect(check(refused, "message-accepted")?.status).toBe("fail");
  });
});

describe("the send profile's recipients", () => {
  it("warns when a recipient was refused though the message went to the others", async () => {
    server = await startScriptedServer({ replies: { RCPT: (line) => (/nobody@/.test(line) ? "550 5.1.1 <nobody@helodesk.test>: Recipient address rejected: User unknown" : "250 2.1.5 Ok") } });
    const doc = await run(loopbackRequest(server.port, { profile: "send", from: "a@helodesk.test", to: ["nobody@helodesk.test", "tester@helodesk.test"] }), testDeps({ ports: [server.port] }));
    expect(check(doc, "message-accepted")?.status).toBe("pass");
    expect(check(doc, "recipients")).toMatchObject({ status: "warn", detail: expect.stringMatching(/^1 of 2 recipients refused, so the message does not go to it: nobody@helodesk\.test got 550 5\.1\.1/) });
    expect(doc.outcome).toBe("warn");
  });
});

describe("the EHLO name", () => {
  it("announces the name the request gives, a host name or an address literal, over the deployment's", async () => {
    server = await startScriptedServer();
    for (const helo of ["client.example.org", "[192.0.2.1]", "[IPv6:2001:db8::1]"]) {
      const doc = await run(loopbackRequest(server.port, { profile: "ehlo", helo }), testDeps({ ports: [server.port] }));
      expect(sentLines(doc)[0]).toBe(`EHLO ${helo}`);
    }
    expect(server.allLines.filter((l) => l.startsWith("EHLO"))).toEqual(["EHLO client.example.org", "EHLO [192.0.2.1]", "EHLO [IPv6:2001:db8::1]"]);
    // Without one, the deployment's name.
    const doc = await run(loopbackRequest(server.port, { profile: "ehlo" }), testDeps({ ports: [server.port] }));
    expect(sentLines(doc)[0]).toBe("EHLO tester.helodesk.test");
  });

  it("refuses a name EHLO cannot carry, saying what it takes", () => {
    for (const helo of ["[2001:db8::1]", "999.999.999.999", "bad name", "[IPv6:192.0.2.1]"]) {
      const parsed = SessionRequest.safeParse({ target: "127.0.0.1", helo });
      expect(parsed.success, helo).toBe(false);
      if (!parsed.success) expect(parsed.error.issues[0]?.message).toMatch(/announce a host name like mail\.example\.com, or an address literal/);
    }
  });
});

describe("targets", () => {
  it("looks up the MX of a domain, tries the preferred host and records the PTRs", async () => {
    server = await startScriptedServer();
    dns = await startDnsServer({
      "helodesk.test": { MX: [{ exchange: "mx2.helodesk.test", priority: 20 }, { exchange: "mx1.helodesk.test", priority: 10 }] },
      "mx1.helodesk.test": { A: ["127.0.0.1"] },
      "127.0.0.1": { PTR: ["fixture.helodesk.test"] },
    });
    const doc = await run(
      loopbackRequest(server.port, { target: "helodesk.test", profile: "banner" }),
      testDeps({ ports: [server.port], dnsServers: [dns.server] }),
    );
    const mx = eventsOf(doc, "dns").find((e) => e.query === "MX");
    expect(mx?.records).toEqual([{ value: "mx1.helodesk.test", priority: 10 }, { value: "mx2.helodesk.test", priority: 20 }]);
    expect(eventsOf(doc, "connect")[0]).toMatchObject({ host: "mx1.helodesk.test", address: "127.0.0.1" });
    expect(eventsOf(doc, "dns").find((e) => e.purpose === "local-ptr")?.records).toEqual([{ value: "fixture.helodesk.test" }]);
    expect(eventsOf(doc, "dns").find((e) => e.purpose === "remote-ptr")?.records).toEqual([{ value: "fixture.helodesk.test" }]);
    // On loopback the local and the remote address are one: asked once, recorded for both purposes.
    expect(dns.queries.filter((q) => q.type === "PTR")).toHaveLength(1);
    expect(check(doc, "greeting-name")?.status).toBe("pass");
  });

  it("warns when a domain's MX record is an IP address, and still tests that address", async () => {
    server = await startScriptedServer();
    dns = await startDnsServer({ "mxip.helodesk.test": { MX: [{ exchange: "127.0.0.1", priority: 10 }] }, "127.0.0.1": { PTR: ["fixture.helodesk.test"] } });
    const doc = await run(loopbackRequest(server.port, { target: "mxip.helodesk.test", profile: "banner" }), testDeps({ ports: [server.port], dnsServers: [dns.server] }));
    expect(eventsOf(doc, "connect")[0]).toMatchObject({ host: "127.0.0.1", address: "127.0.0.1" });
    expect(check(doc, "mx-record")).toMatchObject({ status: "warn", detail: expect.stringMatching(/^The MX record of mxip\.helodesk\.test is an IP address \(127\.0\.0\.1\)/) });
    expect(doc.outcome).toBe("warn");
  });

  it("reports a domain without MX as a host and a null MX as accepting no mail", async () => {
    dns = await startDnsServer({ "nomail.helodesk.test": { MX: [{ exchange: "", priority: 0 }] } });
    const doc = await run(loopbackRequest(25, { target: "nomail.helodesk.test", profile: "banner" }), testDeps({ dnsServers: [dns.server] }));
    expect(doc.closeReason).toBe("connect-failed");
    expect(eventsOf(doc, "note").find((n) => n.code === "null-mx")?.text).toMatch(/^The domain nomail\.helodesk\.test publishes a null MX .*accepts no mail/);
    // The record itself reads as what it is, not as "0 " with nothing after it.
    expect(doc.events.flatMap((e) => formatEvent(e)).find((l) => l.includes("DNS MX"))).toMatch(/DNS MX nomail\.helodesk\.test: 0 \. \(null MX: no mail accepted\)/);
    expect(doc.outcome).toBe("error");
  });

  it("says a domain that does not exist (NXDOMAIN) does not exist, and asks no more of DNS", async () => {
    dns = await startDnsServer({ "real.helodesk.test": { A: ["127.0.0.1"] } });
    const doc = await run(loopbackRequest(25, { target: "typo.helodesk.test", profile: "banner" }), testDeps({ dnsServers: [dns.server] }));
    expect(doc.closeReason).toBe("connect-failed");
    expect(eventsOf(doc, "note").find((n) => n.code === "no-address")?.text).toMatch(/^The domain typo\.helodesk\.test does not exist \(DNS answered NXDOMAIN, no such name\): check its spelling/);
    expect(eventsOf(doc, "note").some((n) => n.code === "no-mx")).toBe(false);
    expect(eventsOf(doc, "dns").map((d) => d.query)).toEqual(["MX"]);
  });

  it("says which DNS failure stopped a lookup, and keeps host names as written", async () => {
    dns = await startDnsServer({ "broken.helodesk.test": { fail: "SERVFAIL" }, "empty.helodesk.test": { TXT: ["v=spf1 -all"] } });
    const broken = await run(loopbackRequest(25, { target: "broken.helodesk.test", profile: "banner" }), testDeps({ dnsServers: [dns.server] }));
    expect(broken.closeReason).toBe("connect-failed");
    expect(eventsOf(broken, "note").find((n) => n.code === "dns-failed")?.text).toMatch(/^Could not resolve broken\.helodesk\.test: the DNS server failed to answer \(SERVFAIL\)\. /);
    const empty = await run(loopbackRequest(25, { target: "empty.helodesk.test", profile: "banner" }), testDeps({ dnsServers: [dns.server] }));
    expect(eventsOf(empty, "note").find((n) => n.code === "no-address")?.text).toMatch(/^The host empty\.helodesk\.test has no A or AAAA record/);
    // A failed MX lookup is not "no MX": sending servers would wait, not fall back to the host.
    expect(eventsOf(broken, "note").find((n) => n.code === "mx-lookup-failed")).toMatchObject({ level: "warn", text: expect.stringMatching(/^The MX lookup for broken\.helodesk\.test failed \(the DNS server failed to answer \(SERVFAIL\)\), so it is not known whether the domain has MX records/) });
    expect(eventsOf(broken, "note").some((n) => n.code === "no-mx")).toBe(false);
    expect(eventsOf(empty, "note").find((n) => n.code === "no-mx")?.text).toMatch(/^empty\.helodesk\.test has no MX record/);
  });

  it("refuses an address the policy does not allow, naming the setting", async () => {
    const doc = await run(loopbackRequest(25, { target: "10.1.2.3", profile: "banner" }), testDeps());
    expect(doc.closeReason).toBe("refused");
    const refusal = eventsOf(doc, "note").find((n) => n.code === "policy-refused")?.text;
    expect(refusal).toMatch(/^Refused to connect to 10\.1\.2\.3: .*private.*HELODESK_ALLOWED_NETWORKS/);
    // One sentence, one full stop: the note ends the reason with its own.
    expect(refusal).not.toMatch(/\.\./);
    expect(eventsOf(doc, "connect")).toHaveLength(0);
  });
});
