import { capabilityIndex, decodeCapabilities } from "@/lib/capabilities";
import { toBdatPayload, toDataLines } from "@/lib/message-body";
import { mailerDaemonOf } from "@/lib/mailer-daemon";
import { extractQueueId } from "@/lib/queue-id";
import { needsSmtpUtf8 } from "@/lib/schemas/primitives";
import type { ReplyEvent } from "@/lib/schemas/events";
import { NULL_SENDER, type SessionRequest } from "@/lib/schemas/request";
import { authenticate } from "./auth";
import type { Conversation } from "./conversation";
import type { SessionGuard } from "./guard";
import type { ResolvedTarget } from "./resolve-target";
import { describeTls } from "./tls-report";
import { type TestMessage, composeTestMessage } from "./test-message";
import type { Transport } from "./transport";

/** What every step needs: the conversation, the request, and how to upgrade to TLS. */
export interface StepContext {
  conv: Conversation;
  request: SessionRequest;
  target: ResolvedTarget;
  heloName: string;
  transport: Transport;
  signal: AbortSignal;
  /** Abuse limits (server/abuse); absent in tests that build a context by hand. */
  guard?: SessionGuard;
  sessionId?: string;
  /** The send profile's message, composed before it is needed (see composeFor). */
  message?: Promise<TestMessage>;
}

export type StepResult = "continue" | "stop";

const ok = (r: ReplyEvent) => r.code >= 200 && r.code < 300;

function note(ctx: StepContext, level: "info" | "warn" | "error", code: string, text: string) {
  ctx.conv.recorder.emit({ type: "note", level, code, text });
}

/** Nothing is sent before the greeting's last line: talking first gets a client blocked (PREGREET). */
export async function greet(ctx: StepContext): Promise<StepResult> {
  const greeting = await ctx.conv.reply("CONNECT");
  return greeting.code === 220 ? "continue" : "stop";
}

/** EHLO, falling back to HELO when the server does not know EHLO (RFC 5321 4.1.4). */
export async function hello(ctx: StepContext): Promise<StepResult> {
  const ehlo = await ctx.conv.command(`EHLO ${ctx.heloName}`, "EHLO");
  if (ok(ehlo)) {
    recordCapabilities(ctx, ehlo, "EHLO");
    return "continue";
  }
  if (ehlo.code === 421) return "stop";
  if (ehlo.code >= 500) {
    const helo = await ctx.conv.command(`HELO ${ctx.heloName}`, "HELO");
    if (ok(helo)) {
      ctx.conv.capabilities = [];
      ctx.conv.recorder.emit({ type: "capabilities", via: "HELO", tls: ctx.conv.tls, capabilities: [] });
      return "continue";
    }
  }
  return "stop";
}

export function recordCapabilities(ctx: StepContext, reply: ReplyEvent, via: "EHLO" | "HELO") {
  const decoded = via === "EHLO" ? decodeCapabilities(reply.text) : { capabilities: [] };
  ctx.conv.capabilities = decoded.capabilities;
  ctx.conv.recorder.emit({ type: "capabilities", via, tls: ctx.conv.tls, capabilities: decoded.capabilities });
}

/** Whether this run upgrades with STARTTLS. */
export function wantsStartTls(ctx: StepContext): "required" | "if-offered" | "no" {
  const { profile, tls } = ctx.request;
  if (ctx.conv.tls || tls === "none" || tls === "implicit") return "no";
  if (profile === "starttls" || tls === "starttls") return "required";
  if (profile === "banner" || profile === "ehlo" || profile === "interactive") return "no";
  return "if-offered";
}

/** STARTTLS (RFC 3207): the 220, the handshake, then EHLO again, since the server forgets everything. */
export async function startTls(ctx: StepContext): Promise<StepResult> {
  const want = wantsStartTls(ctx);
  if (want === "no") return "continue";
  const offered = capabilityIndex(ctx.conv.capabilities).has("STARTTLS");
  if (!offered) {
    if (want === "required") {
      note(ctx, "error", "starttls-missing", "The server does not offer STARTTLS, so the connection cannot be encrypted.");
      return "stop";
    }
    note(ctx, "warn", "starttls-missing", "The server does not offer STARTTLS: the rest of this session is not encrypted.");
    return "continue";
  }
  ctx.conv.wire.expectTlsGo();
  const go = await ctx.conv.command("STARTTLS", "STARTTLS");
  if (go.code !== 220) {
    note(ctx, want === "required" ? "error" : "warn", "starttls-refused", `The server offered STARTTLS but answered ${go.code} to it.`);
    return want === "required" ? "stop" : "continue";
  }
  await upgrade(ctx);
  return hello(ctx);
}

/** Swaps the plaintext socket for TLS, discarding and reporting anything sent after the 220. */
export async function upgrade(ctx: StepContext): Promise<void> {
  const { socket, injected } = ctx.conv.wire.detachForTls();
  if (injected.bytes > 0) {
    note(
      ctx,
      "error",
      "tls-injection",
      `The server sent ${injected.bytes} bytes (${injected.lines} line${injected.lines === 1 ? "" : "s"}) after its 220 to STARTTLS and before the handshake. HeloDesk discarded them: a server or a device in the path that does this allows STARTTLS command injection (RFC 3207 section 6).`,
    );
  }
  const started = ctx.conv.recorder.elapsed();
  const servername = ctx.target.named ? ctx.target.host : undefined;
  const secure = await ctx.transport.startTls(socket, {
    servername,
    trustCa: ctx.request.trustCa,
    timeoutMs: ctx.conv.timeouts.tlsMs,
    signal: ctx.signal,
  });
  ctx.conv.wire.attachTls(secure);
  ctx.conv.recorder.emit({
    type: "tls",
    ...describeTls(secure, ctx.target.host, ctx.request.trustCa !== undefined),
    ms: ctx.conv.recorder.elapsed() - started,
  });
}

/** AUTH for the auth profile, or for relay/send when credentials were given. */
export async function auth(ctx: StepContext): Promise<StepResult> {
  const credentials = ctx.request.auth;
  if (!credentials) return "continue";
  const offered = capabilityIndex(ctx.conv.capabilities).authMechanisms;
  const result = await authenticate(ctx.conv, credentials, offered);
  if (result.kind === "unavailable") {
    const hint = !ctx.conv.tls && offered.length === 0 ? " Many servers offer AUTH only after STARTTLS, or only on port 587." : "";
    note(ctx, "error", "auth-unavailable", `Cannot authenticate: ${result.reason}.${hint}`);
    return "stop";
  }
  if (result.kind === "rejected") return "stop";
  return "continue";
}

const RELAY_FROM = "helodesk-relay-test@example.com";

function relayRecipient(target: string): string {
  return target.toLowerCase().endsWith("example.net") ? "helodesk-relay-test@example.org" : "helodesk-relay-test@example.net";
}

/**
 * Open relay test: MAIL FROM and RCPT TO both outside the server's domains. An accepted RCPT means
 * the server would relay for anyone. It never sends DATA: no mail leaves.
 */
export async function relayProbe(ctx: StepContext): Promise<StepResult> {
  const from = ctx.request.from ?? RELAY_FROM;
  const recipients = ctx.request.to?.length ? ctx.request.to : [relayRecipient(ctx.request.target)];
  const utf8 = utf8Param(ctx, [from, ...recipients]);
  if (utf8 === null) return "stop";
  const mail = await ctx.conv.command(`MAIL FROM:${reversePath(from)}${utf8}`, "MAIL");
  if (!ok(mail)) {
    note(ctx, "warn", "relay-inconclusive", "The server refused the sender, so the relay test could not reach RCPT TO.");
    return "continue";
  }
  for (const rcpt of recipients) {
    const domain = domainOf(rcpt);
    await ctx.conv.command(`RCPT TO:<${rcpt}>`, "RCPT", {
      recipientDomain: domain,
      recipientIsLocal: ctx.request.to?.length ? isLocalDomain(ctx, domain) : false,
    });
  }
  await ctx.conv.command("RSET", "RSET");
  return "continue";
}

/** The KB 153119 walk: MAIL FROM, RCPT TO, DATA, the message, the lone dot; picks the queue id. */
export async function sendMessage(ctx: StepContext): Promise<StepResult> {
  const { request, conv } = ctx;
  const from = request.from!;
  const recipients = request.to ?? [];
  const caps = capabilityIndex(conv.capabilities);
  const utf8 = utf8Param(ctx, [from, ...recipients]);
  if (utf8 === null) return "stop";

  const message = await (ctx.message ?? composeFor(ctx));
  const size = new TextEncoder().encode(message.text).length;
  const tooBig = ctx.guard?.sendAllowed ? ctx.guard.messageSize(size) : null;
  if (tooBig) {
    note(ctx, "error", "limit-refused", tooBig.message);
    return "stop";
  }
  const sizeParam = caps.has("SIZE") ? ` SIZE=${size}` : "";
  if (caps.sizeLimit && size > caps.sizeLimit) {
    note(ctx, "warn", "size-limit", `The test message (${size} bytes) is over the server's announced limit of ${caps.sizeLimit} bytes.`);
  }
  const mail = await conv.command(`MAIL FROM:${reversePath(from)}${sizeParam}${utf8}`, "MAIL");
  if (!ok(mail)) return "stop";

  let notify = "";
  if (request.dsn) {
    if (caps.has("DSN")) notify = " NOTIFY=SUCCESS,FAILURE";
    else note(ctx, "warn", "dsn-missing", "Delivery notifications were asked for, but the server does not offer DSN: sending without NOTIFY.");
  }
  let accepted = 0;
  for (const rcpt of recipients) {
    const domain = domainOf(rcpt);
    const reply = await conv.command(`RCPT TO:<${rcpt}>${notify}`, "RCPT", { recipientDomain: domain, recipientIsLocal: isLocalDomain(ctx, domain) });
    if (ok(reply)) accepted++;
  }
  if (accepted === 0) {
    await conv.command("RSET", "RSET");
    return "stop";
  }
  if (ctx.guard && !ctx.guard.sendAllowed) {
    // A public deployment is not a mail relay: the replies up to RCPT TO are the test, and no message leaves.
    note(ctx, "info", "send-disabled", "This HeloDesk is public, so it stops after RCPT TO and sends no message: the server's answers above are the result. Its operator can allow sending with HELODESK_ALLOW_SEND=1.");
    await conv.command("RSET", "RSET");
    return "continue";
  }

  const useBdat = request.chunking && caps.has("CHUNKING");
  if (request.chunking && !useBdat) {
    note(ctx, "info", "chunking-missing", "BDAT was asked for, but the server does not offer CHUNKING: using DATA.");
  }
  let final: ReplyEvent;
  ctx.guard?.messageGoing();
  if (useBdat) {
    const payload = toBdatPayload(message.text);
    const bytes = new TextEncoder().encode(payload).length;
    conv.send(`BDAT ${bytes} LAST`, "BDAT");
    conv.wire.writeRaw(payload);
    note(ctx, "info", "bdat-sent", `Sent the message as one ${bytes}-byte BDAT chunk (RFC 3030): no dot-stuffing, no end-of-data line.`);
    final = await conv.reply("BDAT", "the reply to BDAT LAST");
  } else {
    const go = await conv.command("DATA", "DATA");
    if (go.code >= 200 && go.code < 400 && go.code !== 354) {
      note(ctx, "error", "data-not-354", `The server answered DATA with ${go.code} instead of 354, so it never asked for the message and none was sent: that is not SMTP (RFC 5321 4.1.1.4).`);
    }
    if (go.code !== 354) return "stop";
    conv.wire.batch(() => {
      for (const line of toDataLines(message.text)) conv.send(line, "DATA-LINE");
      conv.send(".", "DATA-END");
    });
    final = await conv.reply("DATA-END");
  }
  if (ok(final)) {
    conv.recorder.emit({ type: "message", messageId: message.messageId, size, queueId: extractQueueId(final.text), method: useBdat ? "BDAT" : "DATA" });
  }
  return "continue";
}

/**
 * The send profile's test message. The session starts this before connecting when it can, so the
 * server's connection is never held open while a message is built.
 */
export function composeFor(ctx: Pick<StepContext, "request" | "target" | "heloName" | "guard" | "sessionId">): Promise<TestMessage> {
  const { request } = ctx;
  const headers = ctx.guard && ctx.sessionId ? ctx.guard.messageHeaders(ctx.sessionId) : {};
  const from = request.from === NULL_SENDER ? mailerDaemonOf(ctx.heloName) : request.from!;
  return composeTestMessage({ from, to: request.to ?? [], subject: request.subject, body: request.body, idDomain: ctx.heloName, target: ctx.target.host, headers });
}

/**
 * " SMTPUTF8" when an address needs it and the server offers it (RFC 6531 3.4); null when an address
 * needs it and the server does not offer it, since such mail cannot be delivered there.
 */
function utf8Param(ctx: StepContext, addresses: string[]): string | null {
  if (!addresses.some(needsSmtpUtf8)) return "";
  if (capabilityIndex(ctx.conv.capabilities).has("SMTPUTF8")) return " SMTPUTF8";
  note(ctx, "error", "smtputf8-missing", "An address has non-ASCII characters, but the server does not offer SMTPUTF8: it cannot accept this mail.");
  return null;
}

/**
 * QUIT and its 221. A reply still owed to the command before (after a cancel, which stops the wait,
 * not the server) comes first and is read as that command's, never taken for QUIT's; unless it is a
 * 221, which answers QUIT alone (RFC 5321 4.3.2): a server that never answered the command answered QUIT.
 */
export async function quit(ctx: StepContext, timeoutMs?: number): Promise<void> {
  const owed = ctx.conv.owedReply;
  ctx.conv.send("QUIT", "QUIT");
  if (owed) {
    const first = await ctx.conv.reply(owed, undefined, timeoutMs, (r) => (r.code === 221 ? "QUIT" : owed));
    if (first.command === "QUIT") return;
  }
  await ctx.conv.reply("QUIT", undefined, timeoutMs);
}

/** The MAIL FROM argument: <address>, or <> for the null sender. */
function reversePath(from: string): string {
  return from === NULL_SENDER ? NULL_SENDER : `<${from}>`;
}

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf("@") + 1).toLowerCase();
}

/** Whether a recipient's domain is the tested domain; null when the target is a host or an IP. */
function isLocalDomain(ctx: StepContext, domain: string): boolean | null {
  if (ctx.target.via !== "mx" || ctx.request.mx) return null;
  return domain === ctx.request.target.toLowerCase().replace(/\.$/, "");
}
