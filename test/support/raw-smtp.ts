import { connect as netConnect, type Socket } from "node:net";
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from "node:tls";

/**
 * A deliberately tiny SMTP client for fixture smoke tests and readiness
 * checks: it frames replies and nothing more, so a test of the real servers
 * never depends on the engine it will later be used to test.
 */

export interface SmtpReply {
  readonly code: number;
  /** Text of each line after the code and separator. */
  readonly lines: readonly string[];
  /** The reply as received, lines joined with "\n". */
  readonly raw: string;
}

export const CONNECT_TIMEOUT_MS = 5_000;
export const REPLY_TIMEOUT_MS = 10_000;
const QUIT_TIMEOUT_MS = 2_000;

// RFC 5321 §4.2: "NNN-text" continues a reply, "NNN text" (or bare "NNN") ends it.
const REPLY_LINE = /^(\d{3})([ -]?)(.*)$/;

export class RawSmtpClient {
  private socket: Socket | TLSSocket;
  private buffer = "";
  private pendingLines: string[] = [];
  private readonly replies: SmtpReply[] = [];
  private waiter: ((reply: SmtpReply | Error) => void) | null = null;
  private failure: Error | null = null;

  private constructor(socket: Socket) {
    this.socket = socket;
    this.attach(socket);
  }

  /** Connects; the greeting is the first `read()`. */
  static connect(host: string, port: number, timeoutMs = CONNECT_TIMEOUT_MS): Promise<RawSmtpClient> {
    return new Promise((resolve, reject) => {
      const socket = netConnect({ host, port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`connect to ${host}:${port} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once("error", (err) => {
        clearTimeout(timer);
        reject(err);
      });
      socket.once("connect", () => {
        clearTimeout(timer);
        socket.removeAllListeners("error");
        resolve(new RawSmtpClient(socket));
      });
    });
  }

  /** The next complete reply. */
  read(timeoutMs = REPLY_TIMEOUT_MS): Promise<SmtpReply> {
    const ready = this.replies.shift();
    if (ready) return Promise.resolve(ready);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        reject(new Error(`no SMTP reply within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiter = (reply) => {
        clearTimeout(timer);
        this.waiter = null;
        if (reply instanceof Error) reject(reply);
        else resolve(reply);
      };
    });
  }

  /** Sends one command line and waits for its reply. */
  command(line: string, timeoutMs = REPLY_TIMEOUT_MS): Promise<SmtpReply> {
    this.socket.write(`${line}\r\n`);
    return this.read(timeoutMs);
  }

  /** Sends a message body, dot-stuffed, and the final "." (RFC 5321 §4.5.2). */
  data(body: string, timeoutMs = REPLY_TIMEOUT_MS): Promise<SmtpReply> {
    const stuffed = body
      .split(/\r?\n/)
      .map((line) => (line.startsWith(".") ? `.${line}` : line))
      .join("\r\n");
    this.socket.write(`${stuffed}\r\n.\r\n`);
    return this.read(timeoutMs);
  }

  /**
   * STARTTLS (RFC 3207): after the 220, anything already read is discarded
   * and the handshake runs on the same socket. Rejects on a non-220 reply or
   * a certificate the options do not trust.
   */
  async startTls(options: ConnectionOptions, timeoutMs = REPLY_TIMEOUT_MS): Promise<TLSSocket> {
    const reply = await this.command("STARTTLS", timeoutMs);
    if (reply.code !== 220) throw new Error(`STARTTLS refused: ${reply.raw}`);
    const plain = this.socket;
    plain.removeAllListeners("data");
    plain.removeAllListeners("error");
    plain.removeAllListeners("close");
    this.buffer = "";
    this.pendingLines = [];
    this.replies.length = 0;
    const handshake = new Promise<TLSSocket>((resolve, reject) => {
      const socket = tlsConnect({ ...options, socket: plain });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`TLS handshake timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once("secureConnect", () => {
        clearTimeout(timer);
        socket.removeAllListeners("error");
        resolve(socket);
      });
      socket.once("error", (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
    let secure: TLSSocket;
    try {
      secure = await handshake;
    } catch (err) {
      // The session is unusable now: no plaintext QUIT after a failed handshake.
      this.failure = err instanceof Error ? err : new Error(String(err));
      plain.destroy();
      throw err;
    }
    this.socket = secure;
    this.attach(secure);
    return secure;
  }

  /** Sends QUIT if still connected, then closes; never throws. */
  async close(): Promise<void> {
    if (!this.socket.destroyed && !this.failure) {
      await this.command("QUIT", QUIT_TIMEOUT_MS).catch(() => {});
    }
    this.destroy();
  }

  /** Closes at once, without QUIT. */
  destroy(): void {
    this.socket.destroy();
  }

  private attach(socket: Socket | TLSSocket): void {
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => this.onData(chunk));
    socket.on("error", (err) => this.fail(err));
    socket.on("close", () => this.fail(new Error("connection closed")));
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    let newline = this.buffer.indexOf("\n");
    while (newline !== -1) {
      const line = this.buffer.slice(0, newline).replace(/\r$/, "");
      this.buffer = this.buffer.slice(newline + 1);
      this.onLine(line);
      newline = this.buffer.indexOf("\n");
    }
  }

  private onLine(line: string): void {
    this.pendingLines.push(line);
    const match = REPLY_LINE.exec(line);
    if (match && match[2] === "-") return;
    const lines = this.pendingLines;
    this.pendingLines = [];
    const code = match ? Number(match[1]) : 0;
    const reply: SmtpReply = {
      code,
      lines: lines.map((l) => REPLY_LINE.exec(l)?.[3] ?? l),
      raw: lines.join("\n"),
    };
    if (this.waiter) this.waiter(reply);
    else this.replies.push(reply);
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.waiter?.(err);
  }
}

/** Connects, reads the greeting and QUITs; resolves with the greeting. */
export async function readGreeting(host: string, port: number, timeoutMs = REPLY_TIMEOUT_MS): Promise<SmtpReply> {
  const client = await RawSmtpClient.connect(host, port, Math.min(timeoutMs, CONNECT_TIMEOUT_MS));
  let greeting: SmtpReply;
  try {
    greeting = await client.read(timeoutMs);
  } catch (err) {
    client.destroy();
    throw err;
  }
  await client.close();
  return greeting;
}

/** Base64 of "\0user\0password" (RFC 4616). */
export function authPlain(user: string, password: string): string {
  return Buffer.from(`\0${user}\0${password}`, "utf8").toString("base64");
}
