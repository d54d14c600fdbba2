import { randomUUID } from "node:crypto";
import { buildLeafSync, loadEncoders } from "./mime-build";

export interface TestMessageInput {
  from: string;
  to: string[];
  subject?: string;
  body?: string;
  /** Domain for the Message-ID: the name announced in EHLO, an address literal with its brackets. */
  idDomain: string;
  target: string;
  now?: Date;
  /** Extra header fields, e.g. the public deployment's X-HeloDesk-Test label. */
  headers?: Record<string, string>;
}

export interface TestMessage {
  messageId: string;
  /** The message as RFC 5322 text with CRLF line endings, not yet dot-stuffed. */
  text: string;
}

let composer: Promise<typeof import("nodemailer/lib/mail-composer")["default"]> | null = null;

/**
 * Loaded on first use, so the CLI's start stays lean for the profiles that send nothing; the send
 * profile calls this before connecting, so loading code never holds a server's connection open.
 */
export function loadComposer() {
  composer ??= Promise.all([import("nodemailer/lib/mail-composer"), loadEncoders()]).then(([m]) => m.default);
  return composer;
}

/** Builds the test message with the headers KB 153119's hand-typed one lacks: Date, Message-ID. */
export async function composeTestMessage(input: TestMessageInput): Promise<TestMessage> {
  const now = input.now ?? new Date();
  // An address literal keeps its brackets: <id@[IPv6:2001:db8::1]> is a msg-id (RFC 5322 3.6.4), <id@IPv6:2001:db8::1> is not.
  const messageId = `<${randomUUID()}@${input.idDomain || "helodesk.invalid"}>`;
  const [MailComposer, encoders] = await Promise.all([loadComposer(), loadEncoders()]);
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
    headers: { "X-Mailer": "HeloDesk", ...input.headers },
  });
  const node = composer.compile();
  const text = buildLeafSync(node, encoders) ?? ((await node.build()) as Buffer).toString("utf8");
  return { messageId, text };
}
