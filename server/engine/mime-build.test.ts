import fc from "fast-check";
import MailComposer from "nodemailer/lib/mail-composer";
import { describe, expect, it } from "vitest";
import { buildLeafSync, loadEncoders } from "./mime-build";

type Mail = ConstructorParameters<typeof MailComposer>[0];

const fixed = { date: new Date("2026-11-23T10:00:00Z"), messageId: "<fixed@helodesk.test>" };

async function both(mail: Mail) {
  const encoders = await loadEncoders();
  const streamed = ((await new MailComposer(mail).compile().build()) as Buffer).toString("utf8");
  const sync = buildLeafSync(new MailComposer(mail).compile(), encoders);
  return { streamed, sync };
}

// Bodies that push the encoders' edges: long lines, trailing blanks, lone CR/LF, non-Latin text, "=".
const bodyPart = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 120 }),
  fc.string({ unit: fc.constantFrom(" ", "\t", "\r", "\n", "\r\n", "=", ".", "a", "é", "ж", "中", "😀"), maxLength: 200 }),
  fc.constantFrom("", " ", "\r\n", "x".repeat(80), `${"word ".repeat(30)} `, "ünïcödé ".repeat(20)),
);
const body = fc.array(bodyPart, { maxLength: 4 }).map((parts) => parts.join(""));

describe("buildLeafSync", () => {
  it("builds HeloDesk's default test message byte for byte as MimeNode.build() does", async () => {
    const mail: Mail = {
      ...fixed,
      from: "bench@helodesk.test",
      to: ["sink@helodesk.test"],
      subject: "HeloDesk test message to mx.example.com",
      text: "This is a test message sent by HeloDesk, an SMTP troubleshooting tool.\r\nIt was sent to mx.example.com at 2026-11-23T10:00:00.000Z to check that mail is accepted.\r\nNo action is needed.",
      headers: { "X-Mailer": "HeloDesk", "X-HeloDesk-Test": "sent from helodesk.example" },
    };
    const { streamed, sync } = await both(mail);
    expect(sync).toBe(streamed);
  });

  it("matches MimeNode.build() for any subject, body and addresses", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: "grapheme", maxLength: 100 }),
        body,
        fc.constantFrom("a@example.com", "Jörg <jörg@exämple.de>", "user+tag@sub.example.org", "\"Quoted, Name\" <q@example.net>"),
        async (subject, text, from) => {
          const { streamed, sync } = await both({ ...fixed, from, to: ["to@example.com", from], subject, text, headers: { "X-Mailer": "HeloDesk" } });
          expect(sync).toBe(streamed);
        },
      ),
      { numRuns: 300 },
    );
  });

  it.each([
    ["7bit", "Short lines, plain ASCII.\r\nNothing to encode."],
    ["quoted-printable", `Trailing blanks and a long line ${"x".repeat(90)} \t `],
    ["base64", "中文测试邮件，".repeat(40)],
  ])("matches MimeNode.build() for a %s body", async (encoding, text) => {
    const { streamed, sync } = await both({ ...fixed, from: "a@example.com", to: "b@example.com", subject: "s", text });
    expect(streamed).toContain(`Content-Transfer-Encoding: ${encoding}`);
    expect(sync).toBe(streamed);
  });

  it("declines what is not a single text part, leaving it to build()", async () => {
    const encoders = await loadEncoders();
    const multipart = new MailComposer({ ...fixed, from: "a@example.com", text: "plain", html: "<p>html</p>" }).compile();
    expect(buildLeafSync(multipart, encoders)).toBeNull();
    const raw = new MailComposer({ raw: "Subject: x\r\n\r\nbody\r\n" }).compile();
    expect(buildLeafSync(raw, encoders)).toBeNull();
  });
});
