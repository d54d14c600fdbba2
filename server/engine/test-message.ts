import { randomUUID } from "node:crypto";

export interface TestMessageInput {
  from: string;
  to: string[];
  subject?: string;
  body?: string;
  /** Domain for the Message-ID: the name announced in EHLO. */
  idDomain: string;
  target: string;
  now?: Date;
}

export interface TestMessage {
  messageId: string;
  /** The message as RFC 5322 text with CRLF line endings, not yet dot-stuffed. */
  text: string;
}

/** Builds the test message with the headers KB 153119's hand-typed one lacks: Date, Message-ID. */
export async function composeTestMessage(input: TestMessageInput): Promise<TestMessage> {
  const now = input.now ?? new Date();
  const messageId = `<${randomUUID()}@${input.idDomain.replace(/^\[|\]$/g, "") || "helodesk.invalid"}>`;
  // Loaded on first use: the CLI's start stays lean for the profiles that send nothing.
  const { default: MailComposer } = await import("nodemailer/lib/mail-composer");
  const composer = new MailComposer({
    from: input.from,
    to: input.to,
    subject: input.subject ?? `HeloDesk test message to ${input.target}`,
    date: now,
    messageId,
    text:
      input.body ??
      [
        "This is a test message sent by HeloDesk, an SMTP troubleshooting tool.",
        `It was sent to ${input.target} at ${now.toISOString()} to check that mail is accepted.`,
        "No action is needed.",
      ].join("\r\n"),
    headers: { "X-Mailer": "HeloDesk" },
  });
  const built: Buffer = await composer.compile().build();
  return { messageId, text: built.toString("utf8") };
}
