import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { extractQueueId, QUEUE_ID_PATTERNS } from "./queue-id";

describe("servers that name their queue id", () => {
  it.each([
    ["Postfix, long id", "Ok: queued as 4ZkQ1x3V0Bz9sT", "4ZkQ1x3V0Bz9sT"],
    ["Postfix, short id", "Ok: queued as 3F2A11C0B5E", "3F2A11C0B5E"],
    ["Postfix, short id of letters only", "Ok: queued as ABCDEFABCD", "ABCDEFABCD"],
    ["Postfix, enhanced code left in the text", "2.0.0 Ok: queued as 4ZkQ1x3V0Bz9sT", "4ZkQ1x3V0Bz9sT"],
    ["SendGrid", "Ok: queued as Rk3bKJ9dQnGcTj4vYq8wXA", "Rk3bKJ9dQnGcTj4vYq8wXA"],
    ["Exim", "OK id=1tAbCd-000ABC-1x", "1tAbCd-000ABC-1x"],
    ["Exim 4.97+", "OK id=1tAbCd-00000000ABC-1xyz", "1tAbCd-00000000ABC-1xyz"],
    ["Sendmail", "2.0.0 5AB1CdEf012345 Message accepted for delivery", "5AB1CdEf012345"],
    ["OpenSMTPD", "2.0.0: 6b9f4f0a Message accepted for delivery", "6b9f4f0a"],
    [
      "Microsoft 365",
      "2.6.0 <1f2e@client.example> [InternalId=12678532784421, Hostname=AM0PR01MB1234.eurprd01.prod.exchangelabs.com] 2931 bytes in 0.101, 28.323 KB/sec Queued mail for delivery",
      "12678532784421",
    ],
    ["Exchange on-premises", "2.6.0 <1f2e@client.example> [InternalId=23138874] Queued mail for delivery", "23138874"],
    ["Exchange without InternalId", "2.6.0 <1f2e@client.example> Queued mail for delivery", "<1f2e@client.example>"],
    ["Gmail", "2.0.0 OK  1700000000 d2e1a72fcca58-6c3b9f2a1b8si1234567pfb.123 - gsmtp", "d2e1a72fcca58-6c3b9f2a1b8si1234567pfb.123"],
    ["Haraka", "Message Queued (6F2A1D4E-8B3C-4D2E-9F1A-0B2C3D4E5F60.1)", "6F2A1D4E-8B3C-4D2E-9F1A-0B2C3D4E5F60.1"],
    ["Amazon SES", "Ok 010001891ca0f7b4-2c7d2a48-1f1d-4b62-8f0a-3a9e0b59c1e2-000000", "010001891ca0f7b4-2c7d2a48-1f1d-4b62-8f0a-3a9e0b59c1e2-000000"],
    ["Courier", "Ok. 00000000005B7D3E.5A1B2C3D.00001234", "00000000005B7D3E.5A1B2C3D.00001234"],
    ["qmail", "ok 1700000000 qp 12345", "qp 12345"],
  ])("finds the id in a %s reply", (_server, line, id) => {
    expect(extractQueueId([line])).toBe(id);
  });

  it("finds the id on any line of a multi-line reply", () => {
    expect(extractQueueId(["Thank you.", "Ok: queued as 4ZkQ1x3V0Bz9sT"])).toBe("4ZkQ1x3V0Bz9sT");
  });

  it("prefers Exchange's InternalId over the Message-ID on the same line", () => {
    expect(extractQueueId(["<a1@b.example> [InternalId=42, Hostname=x] Queued mail for delivery"])).toBe("42");
  });

  it("documents every pattern with the server it is for", () => {
    for (const entry of QUEUE_ID_PATTERNS) expect(entry.server.length).toBeGreaterThan(0);
  });
});

describe("replies without an id", () => {
  it.each([
    ["smtp-server (nodemailer)", "OK: message queued"],
    ["Postfix without an id", "Ok: queued"],
    ["hMailServer", "Queued (0.016 seconds)"],
    ["Yahoo", "ok dirdel"],
    ["Mailgun", "Great success"],
    ["Sendmail without an id", "2.0.0 Message accepted for delivery"],
    ["a word where an id would be", "Ok: queued as message"],
    ["a word in a Sendmail-like reply", "Your Message accepted for delivery"],
    ["Haraka without an id", "Message Queued (pending)"],
    ["an empty reply", ""],
  ])("returns null for %s", (_what, line) => {
    expect(extractQueueId([line])).toBeNull();
  });

  it("returns null for no lines", () => {
    expect(extractQueueId([])).toBeNull();
  });

  it("never throws, and only returns text taken from the reply", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "binary" }), { maxLength: 4 }), (lines) => {
        const id = extractQueueId(lines);
        if (id !== null) {
          expect(id.length).toBeGreaterThan(0);
          expect(lines.some((l) => l.includes(id))).toBe(true);
        }
      }),
    );
  });
});
