import { type ReplyContext, explain } from "@/lib/annotate";
import { computeChecks, outcomeOf } from "@/lib/checks/index";
import { ReplyParser } from "@/lib/reply-parser";
import type { CloseReason, EventInput, SessionEvent, Verb } from "@/lib/schemas/events";
import { SessionRequest, type SessionRequestInput, toPublicRequest } from "@/lib/schemas/request";
import { SessionDocument } from "@/lib/schemas/session";

/**
 * Session documents for pure tests (exports, redaction, share pages), built the way the engine
 * builds them: replies parsed by the real parser and explained by the real catalog, checks computed
 * by the real rules. Each step adds 1.5 ms so timings are stable.
 */
export class DocumentBuilder {
  private readonly events: SessionEvent[] = [];
  private t = 0;
  readonly request: SessionRequest;

  constructor(input: SessionRequestInput, readonly id = "AAAAAAAAAAAAAAAAAAAAAA") {
    this.request = SessionRequest.parse(input);
  }

  private push(input: EventInput): this {
    this.t += 1.5;
    this.events.push({ ...input, seq: this.events.length, t: this.t, dt: 1.5 } as SessionEvent);
    return this;
  }

  localPtr(address: string, name: string | null): this {
    return this.push({ type: "dns", query: "PTR", purpose: "local-ptr", name: address, records: name ? [{ value: name }] : [], error: name ? null : "no PTR record", ms: 1 });
  }

  connect(host = "mail.example.com", address = "192.0.2.25", localAddress = "198.51.100.7"): this {
    return this.push({ type: "connect", host, address, port: this.request.port, family: 4, localAddress, localPort: 40123, implicitTls: false, ms: 2 });
  }

  send(command: Verb, line: string): this {
    return this.push({ type: "send", command, line, secret: false, tls: false });
  }

  /** A reply as the server sent it, e.g. "550-5.7.1 first\r\n550 5.7.1 second\r\n", explained in the context given besides its command. */
  reply(command: Verb, raw: string, context: Omit<ReplyContext, "command"> = {}): this {
    const items = new ReplyParser().push(new TextEncoder().encode(raw));
    const item = items.find((i) => i.kind === "reply");
    if (!item || item.kind !== "reply") throw new Error(`not a reply: ${raw}`);
    const explanation = explain(item.reply, { command, port: this.request.port, profile: this.request.profile, ...context });
    return this.push({ type: "reply", ...item.reply, command, unsolicited: false, tls: false, explanation });
  }

  /** The message the server accepted; a message typed in the console may have no Message-ID. */
  message(messageId: string, size: number, queueId: string | null = null): this {
    return this.push({ type: "message", messageId, size, queueId, method: "DATA" });
  }

  wait(awaiting: string, command: Verb, timeoutMs: number): this {
    return this.push({ type: "wait", awaiting, command, timeoutMs });
  }

  note(level: "info" | "warn" | "error", code: string, text: string): this {
    return this.push({ type: "note", level, code, text });
  }

  /** A session HeloDesk was stopped in the middle of, as the store marks it at the next start. */
  interrupted(): SessionDocument {
    return SessionDocument.parse({
      ...this.documentBase(),
      endedAt: "2025-03-04T05:06:07.012Z",
      state: "interrupted",
      outcome: "error",
      closeReason: null,
      events: this.events,
      checks: [],
    });
  }

  private documentBase() {
    return {
      version: 1,
      id: this.id,
      target: this.request.target,
      port: this.request.port,
      profile: this.request.profile,
      request: toPublicRequest(this.request),
      startedAt: "2025-03-04T05:06:07.000Z",
    };
  }

  /** Closes the session and computes its checks and outcome, as the engine does. */
  close(reason: CloseReason = "quit", detail = "session complete"): SessionDocument {
    this.push({ type: "close", reason, detail });
    const publicRequest = toPublicRequest(this.request);
    const checks = computeChecks({ request: publicRequest, events: this.events, closeReason: reason });
    return SessionDocument.parse({
      ...this.documentBase(),
      endedAt: "2025-03-04T05:06:08.000Z",
      state: "finished",
      outcome: outcomeOf(checks, reason),
      closeReason: reason,
      events: this.events,
      checks,
    });
  }
}

/** A send-profile session where RCPT TO is refused with 550 5.7.1 (relay denied). */
export function relayRefusedDocument(share: SessionRequestInput["share"] = {}): SessionDocument {
  return new DocumentBuilder({ target: "mail.example.com", profile: "send", from: "Alice@Example.org", to: ["bob@example.net"], share })
    .localPtr("198.51.100.7", "tester.example.org")
    .connect()
    .reply("CONNECT", "220 mail.example.com ESMTP\r\n")
    .send("EHLO", "EHLO tester.example.org")
    .reply("EHLO", "250-mail.example.com\r\n250 8BITMIME\r\n")
    .send("MAIL", "MAIL FROM:<Alice@Example.org>")
    .reply("MAIL", "250 2.1.0 <ALICE@EXAMPLE.ORG> sender ok\r\n")
    .send("RCPT", "RCPT TO:<bob@example.net>")
    .reply("RCPT", "550 5.7.1 <Bob@Example.NET>: Relay access denied\r\n")
    .send("RSET", "RSET")
    .reply("RSET", "250 2.0.0 Ok\r\n")
    .send("QUIT", "QUIT")
    .reply("QUIT", "221 2.0.0 Bye\r\n")
    .close();
}

/** A send-profile session that delivered a three-line body. */
export function deliveredDocument(share: SessionRequestInput["share"] = {}): SessionDocument {
  return new DocumentBuilder({ target: "mail.example.com", profile: "send", from: "alice@example.org", to: ["bob@example.net", "carol@example.net"], subject: "Secret plans", share })
    .connect()
    .reply("CONNECT", "220 mail.example.com ESMTP\r\n")
    .send("EHLO", "EHLO tester.example.org")
    .reply("EHLO", "250 mail.example.com\r\n")
    .send("MAIL", "MAIL FROM:<alice@example.org>")
    .reply("MAIL", "250 2.1.0 Ok\r\n")
    .send("RCPT", "RCPT TO:<bob@example.net>")
    .reply("RCPT", "250 2.1.5 Ok\r\n")
    .send("RCPT", "RCPT TO:<carol@example.net>")
    .reply("RCPT", "250 2.1.5 Ok\r\n")
    .send("DATA", "DATA")
    .reply("DATA", "354 End data with <CR><LF>.<CR><LF>\r\n")
    .send("DATA-LINE", "From: alice@example.org")
    .send("DATA-LINE", "Subject: Secret plans")
    .send("DATA-LINE", "the launch code is 1234")
    .send("DATA-END", ".")
    .reply("DATA-END", "250 2.0.0 Ok: queued as 4ZkQ1x3V0Bz9sT\r\n")
    .send("QUIT", "QUIT")
    .reply("QUIT", "221 2.0.0 Bye\r\n")
    .close();
}
