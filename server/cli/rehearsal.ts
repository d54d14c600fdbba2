import type { Socket } from "node:net";
import { Duplex } from "node:stream";
import type { SessionRequest } from "@/lib/schemas/request";
import type { SessionDocument } from "@/lib/schemas/session";
import { type TextStyle, formatChecks, formatEvent } from "@/lib/transcript-text";
import type { Config } from "@/server/config";
import type { DnsClient } from "@/server/dns";
import { type EngineDeps, startSession } from "@/server/engine/session";
import { sessionError } from "@/server/engine/errors";
import type { Transport } from "@/server/engine/transport";

/** A rehearsal that has not finished by then is cancelled: it only warms code, it must never delay the real run. */
const REHEARSAL_LIMIT_MS = 1000;
/** TEST-NET-1 (RFC 5737): the rehearsal's made-up server, never connected to. */
const STAGE_ADDRESS = "192.0.2.1";
const STAGE_NAME = "rehearsal.invalid";

/**
 * A fresh Node runs every function of the engine for the first time inside the first session: lazy
 * compilation, cold inline caches and a young generation full of start-up objects. Swaks, like any
 * Perl program, compiles before it connects. So before connecting to the real server, the CLI runs
 * the same profile once against an in-memory SMTP server (no socket, no DNS query) and formats its
 * transcript into nothing: the real session then runs warm code and holds the server's connection
 * only for the exchange, and the times it reports are the server's, not V8's. Costs wall time before
 * the connection opens (docs/performance.md has the numbers).
 */
export async function rehearse(request: SessionRequest, config: Config, heloName: string | undefined, style: TextStyle): Promise<SessionDocument | null> {
  if (request.profile === "interactive") return null;
  const deps: EngineDeps = {
    transport: stageTransport,
    dns: STAGE_DNS,
    policy: { check: () => ({ allowed: true }) },
    config,
    heloName,
  };
  // Same profile and options, but no secret of the user's ever goes in, not even to the stage.
  const auth = request.auth ? { ...request.auth, password: "rehearsal", token: request.auth.token === undefined ? undefined : "rehearsal" } : undefined;
  const stageRequest: SessionRequest = { ...request, auth, tls: "none", port: request.port === 465 ? 587 : request.port, trustCa: undefined };
  let timer: NodeJS.Timeout | undefined;
  try {
    const session = startSession(stageRequest, deps);
    const lines: string[] = [];
    session.subscribe((event) => lines.push(...formatEvent(event, style)));
    timer = setTimeout(() => session.cancel(), REHEARSAL_LIMIT_MS);
    const doc = await session.done;
    lines.push(...formatChecks(doc.checks, style), JSON.stringify(doc));
    return doc;
  } catch {
    // A rehearsal that fails has still warmed what it ran; the real session decides what is true.
    return null;
  } finally {
    clearTimeout(timer);
  }
}

const STAGE_DNS: DnsClient = {
  mx: async () => [{ exchange: STAGE_NAME, priority: 10 }],
  a: async () => [STAGE_ADDRESS],
  aaaa: async () => [],
  ptr: async () => [STAGE_NAME],
};

const stageTransport: Transport = {
  connect: async () => new StageServer() as unknown as Socket,
  startTls: async () => {
    throw sessionError("tls-handshake-failed", "the rehearsal has no TLS");
  },
};

const EHLO = [`250-${STAGE_NAME}`, "250-PIPELINING", "250-SIZE 10240000", "250-8BITMIME", "250-ENHANCEDSTATUSCODES", "250-AUTH PLAIN LOGIN", "250 SMTPUTF8"];

/** The in-memory server: one fitting reply per command, each on a later tick, as from a socket. */
class StageServer extends Duplex {
  readonly localAddress = "127.0.0.1";
  readonly localPort = 2525;
  readonly remoteAddress = STAGE_ADDRESS;
  private buffer = "";
  private inData = false;

  constructor() {
    super({ decodeStrings: false });
    this.answer(`220 ${STAGE_NAME} ESMTP`);
  }

  override _read(): void {}

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.buffer += chunk.toString();
    for (let end = this.buffer.indexOf("\r\n"); end >= 0; end = this.buffer.indexOf("\r\n")) {
      const line = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      this.onLine(line);
    }
    done();
  }

  private onLine(line: string): void {
    if (this.inData) {
      if (line === ".") {
        this.inData = false;
        this.answer("250 2.0.0 Ok: queued as REHEARSAL1");
      }
      return;
    }
    const verb = line.split(" ", 1)[0]!.toUpperCase();
    if (verb === "EHLO") this.answer(EHLO.join("\r\n"));
    else if (verb === "DATA") {
      this.inData = true;
      this.answer("354 End data with <CR><LF>.<CR><LF>");
    } else if (verb === "AUTH") this.answer("235 2.7.0 Authentication successful");
    else if (verb === "STARTTLS") this.answer("454 4.7.0 TLS not available");
    else if (verb === "QUIT") {
      this.answer("221 2.0.0 Bye");
      setImmediate(() => this.push(null));
    } else this.answer("250 2.0.0 Ok");
  }

  private answer(reply: string): void {
    setImmediate(() => this.push(Buffer.from(`${reply}\r\n`)));
  }
}
