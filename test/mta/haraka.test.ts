import { createHmac } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { RawSmtpClient, authPlain } from "../support/raw-smtp";
import { requireHaraka, startHaraka, type HarakaServer } from "./haraka";

const haraka = requireHaraka();

const MESSAGE = "From: <sender@client.test>\r\nTo: <tester@helodesk.test>\r\nSubject: fixture\r\n\r\nHello.";

describe.skipIf(haraka.skip)("a private Haraka", () => {
  let server: HarakaServer;
  const clients: RawSmtpClient[] = [];

  beforeAll(async () => {
    server = await startHaraka();
  });
  afterAll(() => server?.stop());
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });

  async function session(): Promise<RawSmtpClient> {
    const client = await RawSmtpClient.connect(server.host, server.port);
    clients.push(client);
    const greeting = await client.read();
    expect(greeting.code).toBe(220);
    return client;
  }

  async function securedSession(): Promise<RawSmtpClient> {
    const smtp = await session();
    await smtp.command("EHLO client.test");
    await smtp.startTls({ ca: server.ca, servername: server.hostname });
    expect((await smtp.command("EHLO client.test")).code).toBe(250);
    return smtp;
  }

  it("greets with 220 and its host name", async () => {
    const client = await RawSmtpClient.connect(server.host, server.port);
    clients.push(client);
    const greeting = await client.read();
    expect(greeting.code).toBe(220);
    expect(greeting.lines[0]).toMatch(/^mail\.helodesk\.test ESMTP/);
  });

  it("lists STARTTLS and AUTH PLAIN LOGIN CRAM-MD5 in its EHLO reply", async () => {
    const ehlo = await (await session()).command("EHLO client.test");
    expect(ehlo.code).toBe(250);
    expect(ehlo.lines).toContain("STARTTLS");
    expect(ehlo.lines).toContain("AUTH PLAIN LOGIN CRAM-MD5");
  });

  it("completes STARTTLS with a certificate the test CA vouches for", async () => {
    const smtp = await session();
    await smtp.command("EHLO client.test");
    const tls = await smtp.startTls({ ca: server.ca, servername: server.hostname });
    expect(tls.authorized).toBe(true);
    const ehlo = await smtp.command("EHLO client.test");
    expect(ehlo.lines).not.toContain("STARTTLS");
  });

  it("accepts AUTH PLAIN with the right password (235)", async () => {
    const smtp = await securedSession();
    const reply = await smtp.command(`AUTH PLAIN ${authPlain(server.user, server.password)}`);
    expect(reply.code).toBe(235);
  });

  it("refuses AUTH PLAIN with a wrong password (535)", async () => {
    const smtp = await securedSession();
    const reply = await smtp.command(`AUTH PLAIN ${authPlain(server.user, "wrong-password")}`);
    expect(reply.code).toBe(535);
    expect(reply.raw).toMatch(/5\.7\.8/);
  });

  it("accepts AUTH LOGIN and AUTH CRAM-MD5", async () => {
    const smtp = await securedSession();
    expect((await smtp.command("AUTH LOGIN")).code).toBe(334);
    expect((await smtp.command(Buffer.from(server.user).toString("base64"))).code).toBe(334);
    expect((await smtp.command(Buffer.from(server.password).toString("base64"))).code).toBe(235);

    const second = await securedSession();
    const challenge = await second.command("AUTH CRAM-MD5");
    expect(challenge.code).toBe(334);
    const ticket = Buffer.from(challenge.lines[0] ?? "", "base64").toString();
    const digest = createHmac("md5", server.password).update(ticket).digest("hex");
    const reply = await second.command(Buffer.from(`${server.user} ${digest}`).toString("base64"));
    expect(reply.code).toBe(235);
  });

  it("accepts a message for the local domain with a queue id", async () => {
    const smtp = await session();
    await smtp.command("EHLO client.test");
    expect((await smtp.command("MAIL FROM:<sender@client.test>")).code).toBe(250);
    expect((await smtp.command(`RCPT TO:<someone@${server.localDomain}>`)).code).toBe(250);
    expect((await smtp.command("DATA")).code).toBe(354);
    const queued = await smtp.data(MESSAGE);
    expect(queued.code).toBe(250);
    expect(queued.raw).toMatch(/Message Queued \([0-9A-F-]+\.\d+\)/);
  });

  it("refuses to relay to another domain without AUTH (550 5.7.1)", async () => {
    const smtp = await session();
    await smtp.command("EHLO client.test");
    await smtp.command("MAIL FROM:<sender@client.test>");
    const reply = await smtp.command("RCPT TO:<someone@example.net>");
    expect(reply.code).toBe(550);
    expect(reply.raw).toMatch(/5\.7\.1/);
  });

  it("relays for an authenticated user, and delivers nothing", async () => {
    const smtp = await securedSession();
    await smtp.command(`AUTH PLAIN ${authPlain(server.user, server.password)}`);
    await smtp.command("MAIL FROM:<sender@client.test>");
    expect((await smtp.command("RCPT TO:<someone@example.net>")).code).toBe(250);
    expect((await smtp.command("DATA")).code).toBe(354);
    expect((await smtp.data(MESSAGE)).code).toBe(250);
  });
});
