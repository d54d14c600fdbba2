import { extractQueueId } from "@/lib/queue-id";
import { ConsoleLine } from "@/lib/schemas/request";
import { MAX_COMMAND_LINE } from "@/lib/schemas/primitives";
import type { ReplyEvent, Verb } from "@/lib/schemas/events";
import type { Refusal } from "./guard";
import type { StepContext } from "./steps";
import { recordCapabilities, upgrade } from "./steps";

export type ConsoleResult =
  | { ok: true; reply: ReplyEvent | null; mode: "command" | "data" }
  | { ok: false; error: string };

const VERBS: Record<string, Verb> = {
  EHLO: "EHLO", HELO: "HELO", STARTTLS: "STARTTLS", AUTH: "AUTH", MAIL: "MAIL", RCPT: "RCPT", DATA: "DATA",
  BDAT: "BDAT", RSET: "RSET", NOOP: "NOOP", QUIT: "QUIT", VRFY: "VRFY", EXPN: "EXPN", HELP: "HELP",
};

/** Which command a typed line is, by its first word. */
export function verbOf(line: string): Verb {
  const word = line.trim().split(/[\s:]/, 1)[0]?.toUpperCase() ?? "";
  return VERBS[word] ?? "OTHER";
}

/**
 * The interactive console: the caller types lines one at a time, as in a telnet window. One reply is
 * awaited at a time; after a 354 the lines are the message body until a lone ".".
 */
export class ConsoleDriver {
  private busy = false;
  private dataMode = false;
  private quitSent = false;
  private body: string[] = [];
  private bodyBytes = 0;

  constructor(private readonly ctx: StepContext, private readonly onQuit: () => void) {}

  get mode(): "command" | "data" {
    return this.dataMode ? "data" : "command";
  }

  get idle(): boolean {
    return !this.busy;
  }

  async input(raw: string): Promise<ConsoleResult> {
    const parsed = ConsoleLine.safeParse({ line: raw });
    if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? "invalid line" };
    const line = parsed.data.line;
    if (this.busy) return { ok: false, error: "wait for the server's reply to the previous line" };
    if (this.quitSent || this.ctx.conv.wire.closed) return { ok: false, error: "the connection is closed" };
    this.busy = true;
    try {
      const result = this.dataMode ? await this.dataLine(line) : await this.commandLine(line);
      // The typist gets the reply explained: nothing else is waiting to go out.
      this.ctx.conv.recorder.flush();
      return result;
    } finally {
      this.busy = false;
    }
  }

  private async dataLine(line: string): Promise<ConsoleResult> {
    const { conv } = this.ctx;
    if (line === ".") {
      conv.send(".", "DATA-END");
      this.dataMode = false;
      const reply = await conv.reply("DATA-END");
      if (reply.code >= 200 && reply.code < 300) {
        const messageId = this.body.find((l) => /^message-id:/i.test(l))?.replace(/^message-id:\s*/i, "") ?? "";
        const size = this.body.reduce((n, l) => n + new TextEncoder().encode(l).length + 2, 0);
        conv.recorder.emit({ type: "message", messageId, size, queueId: extractQueueId(reply.text), method: "DATA" });
      }
      this.body = [];
      this.bodyBytes = 0;
      return { ok: true, reply, mode: this.mode };
    }
    const bytes = new TextEncoder().encode(line).length + 2;
    const tooBig = this.ctx.guard?.messageSize(this.bodyBytes + bytes);
    if (tooBig) return this.refuse(tooBig);
    this.bodyBytes += bytes;
    this.body.push(line);
    // RFC 5321 4.5.2: a body line starting with a dot is sent with one more, so it is not read as the end.
    conv.send(line.startsWith(".") ? `.${line}` : line, "DATA-LINE");
    return { ok: true, reply: null, mode: this.mode };
  }

  private async commandLine(line: string): Promise<ConsoleResult> {
    const { conv } = this.ctx;
    if (!conv.authInProgress && line.length > MAX_COMMAND_LINE) {
      return { ok: false, error: `a command line is at most ${MAX_COMMAND_LINE} characters (RFC 5321 4.5.3.1.4)` };
    }
    const verb: Verb = conv.authInProgress ? "AUTH-DATA" : verbOf(line);
    if (verb === "BDAT") return { ok: false, error: "BDAT cannot be typed by hand; use DATA, then the body lines, then a line with a single dot" };
    if (verb === "STARTTLS") conv.wire.expectTlsGo();
    if (verb === "RCPT" || verb === "VRFY" || verb === "EXPN" || verb === "DATA") {
      // Checked before the line goes out: a refused command never reaches the server.
      const refusal = await this.ctx.guard?.command(verb);
      if (refusal) return this.refuse(refusal);
    }
    const recipientDomain = verb === "RCPT" ? (/@([^>\s]+)>?/.exec(line)?.[1]?.toLowerCase() ?? null) : null;
    conv.send(line, verb, { typed: true, recipientDomain });
    if (verb === "QUIT") this.quitSent = true;
    const reply = await conv.reply(verb === "AUTH-DATA" ? "AUTH-DATA" : verb);
    if (verb === "AUTH" || verb === "AUTH-DATA") {
      if (reply.code === 235) conv.authenticated = true;
    }
    if (verb === "DATA" && reply.code === 354) this.startBody();
    if ((verb === "EHLO" || verb === "HELO") && reply.code === 250) recordCapabilities(this.ctx, reply, verb);
    if (verb === "STARTTLS" && reply.code === 220) await upgrade(this.ctx);
    if (verb === "QUIT") this.onQuit();
    return { ok: true, reply, mode: this.mode };
  }

  /** DATA mode; a public deployment's label goes first, so no hand-typed message leaves unlabelled. */
  private startBody(): void {
    this.dataMode = true;
    const { guard, sessionId, conv } = this.ctx;
    const headers = guard && sessionId ? guard.messageHeaders(sessionId) : {};
    for (const [name, value] of Object.entries(headers)) {
      const line = `${name}: ${value}`;
      this.body.push(line);
      this.bodyBytes += new TextEncoder().encode(line).length + 2;
      conv.send(line, "DATA-LINE");
    }
  }

  /** A limit said no: the refusal goes into the transcript and back to the typist, never to the server. */
  private refuse(refusal: Refusal): ConsoleResult {
    this.ctx.conv.recorder.emit({ type: "note", level: "warn", code: "limit-refused", text: refusal.message });
    return { ok: false, error: refusal.message };
  }
}
