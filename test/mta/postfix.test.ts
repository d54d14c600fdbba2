import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { RawSmtpClient } from "../support/raw-smtp";
import { requirePostfix, startPostfix, type PostfixServer } from "./postfix";

const postfix = requirePostfix();

const MESSAGE = "From: <sender@client.test>\r\nTo: <tester@helodesk.test>\r\nSubject: fixture\r\n\r\nHello.";

describe.skipIf(postfix.skip)("a private Postfix instance", () => {
  let server: PostfixServer;
  const clients: RawSmtpClient[] = [];

  beforeAll(async () => {
    server = await startPostfix();
  });
  afterAll(() => server?.stop());
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });

  async function session(): Promise<RawSmtpClient> {
    const client = await RawSmtpClient.connect(server.host, server.port);
    clients.push(client);
    expect((await client.read()).code).toBe(220);
    expect((await client.command("EHLO client.test")).code).toBe(250);
    return client;
  }

  it("greets with a short 220 naming its host", async () => {
    const client = await RawSmtpClient.connect(server.host, server.port);
    clients.push(client);
    const greeting = await client.read();
    expect(greeting.raw).toBe("220 mail.helodesk.test ESMTP");
  });

  it("lists STARTTLS and ENHANCEDSTATUSCODES in its EHLO reply", async () => {
    const client = await RawSmtpClient.connect(server.host, server.port);
    clients.push(client);
    await client.read();
    const ehlo = await client.command("EHLO client.test");
    expect(ehlo.code).toBe(250);
    expect(ehlo.lines).toContain("STARTTLS");
    expect(ehlo.lines).toContain("ENHANCEDSTATUSCODES");
  });

  it("completes STARTTLS with a certificate the test CA vouches for", async () => {
    const smtp = await session();
    const tls = await smtp.startTls({ ca: server.ca, servername: server.hostname });
    expect(tls.authorized).toBe(true);
    const ehlo = await smtp.command("EHLO client.test");
    expect(ehlo.code).toBe(250);
    expect(ehlo.lines).not.toContain("STARTTLS");
  });

  it("accepts a message for a local user with a queue id", async () => {
    const smtp = await session();
    expect((await smtp.command("MAIL FROM:<sender@client.test>")).raw).toBe("250 2.1.0 Ok");
    expect((await smtp.command(`RCPT TO:<${server.localUser}>`)).raw).toBe("250 2.1.5 Ok");
    expect((await smtp.command("DATA")).code).toBe(354);
    const queued = await smtp.data(MESSAGE);
    expect(queued.raw).toMatch(/^250 2\.0\.0 Ok: queued as [0-9A-Za-z]+$/);
  });

  it("refuses an unknown local user (550 5.1.1)", async () => {
    const smtp = await session();
    await smtp.command("MAIL FROM:<sender@client.test>");
    const reply = await smtp.command(`RCPT TO:<nobody@${server.localDomain}>`);
    expect(reply.code).toBe(550);
    expect(reply.raw).toMatch(/^550 5\.1\.1 .*User unknown/);
  });

  it("refuses to relay to another domain (554 5.7.1), even from loopback", async () => {
    const smtp = await session();
    await smtp.command("MAIL FROM:<sender@client.test>");
    const reply = await smtp.command("RCPT TO:<someone@example.net>");
    expect(reply.raw).toBe("554 5.7.1 <someone@example.net>: Relay access denied");
  });

  it("logs to its own mail log, never looking the client up", async () => {
    const log = await server.logs();
    expect(log).toMatch(/connect from unknown\[127\.0\.0\.1\]/);
  });
});
