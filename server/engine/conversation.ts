import { explain, type ReplyContext } from "@/lib/annotate";
import { decodeChallenge } from "@/lib/sasl-challenge";
import type { Capability } from "@/lib/schemas/capability";
import type { ReplyEvent, Verb } from "@/lib/schemas/events";
import type { Profile } from "@/lib/schemas/request";
import type { Reply } from "@/lib/schemas/reply";
import { capitalise } from "@/lib/sentence";
import { type SessionErrorCode, sessionError } from "./errors";
import { SLOW_REPLY_MS, type Timeouts } from "./limits";
import type { Recorder } from "./recorder";
import { REDACTED } from "./secrets";
import type { SmtpWire } from "./wire";

export interface SendOptions {
  /** Typed by hand in the console: a 500 then most likely means a typo. */
  typed?: boolean;
  /** Context for the reply's hint. */
  recipientDomain?: string | null;
  recipientIsLocal?: boolean | null;
}

/** Why a profile stops sending: the words of the session's close when a 421 ended it. */
export const SERVER_CLOSING = "the server ended the session with 421";

/**
 * One command, one reply: sends a line, records it (redacted while AUTH is in progress), waits for the
 * reply under its phase deadline, annotates it in context and records it.
 */
export class Conversation {
  authenticated = false;
  capabilities: Capability[] = [];
  /** From an AUTH command until the first reply that is not 334, every client line is secret. */
  private inAuth = false;
  private lastSent: { verb: Verb; options: SendOptions } | null = null;
  /** The last 334 challenge, decoded: says which AUTH line is the password ("Password:"). */
  private challenge: string | null = null;
  /**
   * The last 334 challenge's text as the server sent it. Its recorded event may have runs blanked
   * that look like a secret (secrets.ts), and CRAM-MD5 must answer the challenge that came.
   */
  challengeText: string | null = null;
  /** The command whose reply has not been read yet; the greeting is owed before anything is sent. */
  private owed: Verb | null = "CONNECT";
  /** A 421: the server is closing the channel, so nothing more may be sent (RFC 5321 3.8). */
  private closing: Reply | null = null;

  constructor(
    readonly wire: SmtpWire,
    readonly recorder: Recorder,
    private readonly settings: { port: number; profile: Profile; timeouts: Timeouts; slowReplyMs?: number },
  ) {}

  get tls(): boolean {
    return this.wire.tls;
  }

  get timeouts(): Timeouts {
    return this.settings.timeouts;
  }

  /** Records replies that arrived before anyone asked. */
  flushUnsolicited(): void {
    for (const reply of this.wire.takeQueued()) this.recordReply(reply, null, {});
  }

  /** The command still waiting for its reply, if any (a cancelled read leaves one behind). */
  get owedReply(): Verb | null {
    return this.owed;
  }

  /** True while an AUTH exchange is in progress (every line sent is then secret). */
  get authInProgress(): boolean {
    return this.inAuth;
  }

  /** Sends one line and records it; secrets are redacted here, at the source, by protocol state. */
  send(line: string, verb: Verb, options: SendOptions = {}): void {
    this.flushUnsolicited();
    // A typist in the console may still try; the profiles stop, and the session ends as the server's 421 said.
    if (this.closing && !options.typed) throw sessionError("peer-closed", SERVER_CLOSING, { reply: this.closing });
    const startsAuth = verb === "AUTH";
    if (startsAuth) this.inAuth = true;
    const secret = this.inAuth;
    const shown = !secret ? line : startsAuth ? redactAuthCommand(line) : REDACTED;
    if (secret) this.recorder.secrets.addSent(startsAuth ? line.trim().split(/\s+/).slice(2).join(" ") : line, this.challenge);
    // Written first: on a connection that already broke this throws, and the transcript shows no line that never left.
    this.wire.write(line);
    this.recorder.emit({
      type: "send",
      command: secret && !startsAuth ? "AUTH-DATA" : verb,
      line: shown,
      secret: secret && shown !== line,
      tls: this.wire.tls,
    });
    this.lastSent = { verb, options };
    if (verb !== "DATA-LINE") this.owed = verb;
  }

  /**
   * Waits for the reply to what was sent last. `answers` names the command a reply belongs to when
   * that depends on the reply itself (after a cancel, a 221 answers QUIT and nothing else).
   */
  async reply(verb: Verb, awaiting = awaitingReplyTo(verb), timeoutMs?: number, answers?: (reply: Reply) => Verb): Promise<ReplyEvent> {
    const limit = timeoutMs ?? this.timeoutFor(verb);
    this.recorder.emit({ type: "wait", awaiting, command: verb, timeoutMs: limit });
    const started = this.recorder.elapsed();
    const code: SessionErrorCode = verb === "CONNECT" ? "greeting-timeout" : "reply-timeout";
    const reply = await this.wire.read(limit, { code, awaiting });
    this.owed = null;
    const to = answers?.(reply) ?? verb;
    const options = this.lastSent?.verb === to ? this.lastSent.options : {};
    if (this.inAuth && reply.code !== 334) this.inAuth = false;
    this.challengeText = reply.code === 334 ? reply.text.join("") : null;
    this.challenge = this.challengeText === null ? null : decodeChallenge(this.challengeText);
    const event = this.recordReply(reply, to, options);
    const took = this.recorder.elapsed() - started;
    if (took >= (this.settings.slowReplyMs ?? SLOW_REPLY_MS)) {
      this.recorder.emit({
        type: "note",
        level: "warn",
        code: "slow-reply",
        text: `${capitalise(awaiting)} took ${(took / 1000).toFixed(1)} s: the server may be overloaded, or slowing this client down on purpose (a tarpit).`,
      });
    }
    return event;
  }

  /** Sends a command and waits for its reply. */
  async command(line: string, verb: Verb, options: SendOptions = {}): Promise<ReplyEvent> {
    this.send(line, verb, options);
    return this.reply(verb);
  }

  private timeoutFor(verb: Verb): number {
    const t = this.settings.timeouts;
    if (verb === "CONNECT") return t.greetingMs;
    if (verb === "DATA-END" || verb === "BDAT") return t.dataEndMs;
    return t.commandMs;
  }

  /**
   * Stamped at arrival; explained and published once the step has sent its next command (the
   * recorder's emitSoon), so annotating never delays the next line to the server.
   */
  private recordReply(reply: Reply, verb: Verb | null, options: SendOptions): ReplyEvent {
    if (reply.code === 421) this.closing = reply;
    const context: ReplyContext = {
      command: verb,
      typed: options.typed ?? false,
      recipientDomain: options.recipientDomain ?? null,
      recipientIsLocal: options.recipientIsLocal ?? null,
      authenticated: this.authenticated,
      tls: this.wire.tls,
      starttlsOffered: this.capabilities.length === 0 ? null : this.capabilities.some((c) => c.keyword === "STARTTLS"),
      port: this.settings.port,
      profile: this.settings.profile,
    };
    // One literal with every field, the recorder's stamps included, in the order JSON shows them: V8
    // keeps all of them inside the object (no separate property array), and a live session keeps
    // every reply it got. The explanation is filled in before anyone sees the event.
    const input = {
      type: "reply" as const,
      code: reply.code,
      enhancedCode: reply.enhancedCode,
      lines: reply.lines,
      text: reply.text,
      raw: reply.raw,
      flags: reply.flags,
      command: verb,
      unsolicited: verb === null,
      tls: this.wire.tls,
      explanation: null as unknown as ReplyEvent["explanation"],
      seq: 0,
      t: 0,
      dt: 0,
    };
    // A reply nobody asked for has no next command to make way for: explained and published at once,
    // which also spares a busy server one deferred callback per session per turn.
    if (verb === null) {
      input.explanation = explain(reply, context);
      return this.recorder.emit(input) as ReplyEvent;
    }
    return this.recorder.emitSoon<ReplyEvent>(input, (event) => {
      event.explanation = explain(reply, context);
    });
  }
}

/** The commands as a person types them: "the reply to MAIL FROM", not "… to MAIL". */
const SPOKEN: Partial<Record<Verb, string>> = {
  CONNECT: "the 220 greeting",
  MAIL: "the reply to MAIL FROM",
  RCPT: "the reply to RCPT TO",
  "DATA-END": "the reply to the end of the message",
  "AUTH-DATA": "the reply to the AUTH exchange",
};

/** What a wait for this command's reply is called in the transcript and in a timeout's message. */
function awaitingReplyTo(verb: Verb): string {
  return SPOKEN[verb] ?? `the reply to ${verb}`;
}

/** "AUTH PLAIN <initial response>" is shown as "AUTH PLAIN [redacted]": the mechanism is no secret. */
function redactAuthCommand(line: string): string {
  const words = line.trim().split(/\s+/);
  const shown = words.slice(0, 2).join(" ");
  return words.length > 2 ? `${shown} ${REDACTED}` : shown;
}
