import type { Socket } from "node:net";
import { ReplyParser } from "@/lib/reply-parser";
import type { Reply } from "@/lib/schemas/reply";
import { type SessionError, type SessionErrorCode, sessionError } from "./errors";
import type { WireLimits } from "./limits";

type Item = { reply: Reply } | { failure: SessionError };

export interface WireHooks {
  /** A reply arrived while nobody was waiting and the caller wants to hear of it at once. */
  onQueued?(): void;
  /** The connection ended or broke: no more replies will come. */
  onTerminal?(error: SessionError): void;
  /** An empty line arrived between replies; it answers nothing. */
  onEmptyLine?(): void;
}

export interface InjectionReport {
  bytes: number;
  lines: number;
}

/**
 * The SMTP wire: bytes in, complete replies out, one reply awaited at a time, each under an absolute
 * deadline. Replies that arrive before anyone asks are queued, so the caller can tell an unsolicited
 * reply from an answer. Caps on bytes, line length and lines per reply end a flood instead of
 * buffering it.
 */
export class SmtpWire {
  private socket: Socket;
  private parser: ReplyParser;
  private readonly queue: Item[] = [];
  private waiter: { resolve: (r: Reply) => void; reject: (e: SessionError) => void; timer: NodeJS.Timeout } | null = null;
  private terminal: SessionError | null = null;
  private bytesRead = 0;
  private sawFirstByte = false;
  private closingByUs = false;
  private awaitingTlsGo = false;
  private draining: InjectionReport | null = null;
  /** An interrupt that came while no reply was awaited: the next read ends with it. */
  private interrupted: SessionError | null = null;
  /** Inside batch(): what is written waits here for the one write at its end. */
  private batched: string[] | null = null;
  private readonly onData = (chunk: Buffer) => this.handleData(chunk);
  private readonly onClose = () => this.handleClose();
  private readonly onError = (err: Error) => this.handleError(err);
  tls: boolean;

  constructor(
    socket: Socket,
    private readonly limits: WireLimits,
    public hooks: WireHooks = {},
    tls = false,
  ) {
    this.socket = socket;
    this.tls = tls;
    this.parser = new ReplyParser({ maxLineBytes: limits.maxLineBytes, maxLinesPerReply: limits.maxLinesPerReply });
    this.attach(socket);
  }

  get closed(): boolean {
    return this.terminal !== null;
  }

  get terminalError(): SessionError | null {
    return this.terminal;
  }

  get partialBytes(): number {
    return this.parser.bufferedBytes;
  }

  /** Replies that arrived before anyone asked: unsolicited by definition. */
  takeQueued(): Reply[] {
    const replies: Reply[] = [];
    while (this.queue.length > 0 && "reply" in this.queue[0]!) {
      replies.push((this.queue.shift() as { reply: Reply }).reply);
    }
    return replies;
  }

  /** Waits for the next complete reply, at most timeoutMs in all, however the bytes trickle in. */
  read(timeoutMs: number, onTimeout: { code: SessionErrorCode; awaiting: string }): Promise<Reply> {
    if (this.waiter) return Promise.reject(new Error("a reply is already awaited"));
    if (this.interrupted) {
      const error = this.interrupted;
      this.interrupted = null;
      return Promise.reject(error);
    }
    const next = this.queue.shift();
    if (next) return "reply" in next ? Promise.resolve(this.deliver(next.reply)) : Promise.reject(next.failure);
    if (this.terminal) return Promise.reject(this.terminal);
    return new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        const partial = this.parser.bufferedBytes > 0 || this.parser.inReply;
        const seconds = (timeoutMs / 1000).toFixed(timeoutMs < 10_000 ? 1 : 0);
        reject(
          sessionError(
            onTimeout.code,
            partial
              ? `${onTimeout.awaiting} did not finish within ${seconds} s: the server sent part of it and stalled (a slow or deliberately dripping server)`
              : `${onTimeout.awaiting} did not arrive within ${seconds} s`,
            { awaiting: onTimeout.awaiting },
          ),
        );
      }, timeoutMs);
      this.waiter = {
        resolve: (r) => resolve(this.deliver(r)),
        reject,
        timer,
      };
    });
  }

  write(line: string): void {
    this.writeRaw(`${line}\r\n`);
  }

  /**
   * Lines written inside `fn` leave as one string in one write: a message body is one syscall, and
   * not one socket.write per line either (corking still pays per line, and writev per chunk).
   */
  batch(fn: () => void): void {
    if (this.batched) return fn();
    const batched: string[] = (this.batched = []);
    try {
      fn();
    } finally {
      this.batched = null;
      if (batched.length > 0 && !this.terminal) this.socket.write(batched.join(""));
    }
  }

  /** Sends bytes as they are (a BDAT chunk). */
  writeRaw(data: string): void {
    if (this.terminal) throw this.terminal;
    if (this.batched) this.batched.push(data);
    else this.socket.write(data);
  }

  /** Marks that the next 220 is the go-ahead for TLS: anything after it is injected (RFC 3207 6). */
  expectTlsGo(): void {
    this.awaitingTlsGo = true;
  }

  /**
   * Hands the raw socket over for the TLS handshake. Every plaintext byte read after the 220 is
   * thrown away and reported: a man in the middle can inject commands there (CVE-2011-0411).
   */
  detachForTls(): { socket: Socket; injected: InjectionReport } {
    const injected = this.draining ?? { bytes: 0, lines: 0 };
    const dropped = this.parser.reset();
    injected.bytes += dropped.droppedBytes;
    injected.lines += dropped.droppedLines;
    for (const item of this.queue.splice(0)) {
      if ("reply" in item) {
        injected.lines += item.reply.lines.length;
        injected.bytes += utf8Length(item.reply.raw);
      }
    }
    this.draining = null;
    this.awaitingTlsGo = false;
    this.detach(this.socket);
    return { socket: this.socket, injected };
  }

  /** Continues the session on the TLS socket that wraps the old one. */
  attachTls(socket: Socket): void {
    this.socket = socket;
    this.tls = true;
    this.attach(socket);
  }

  /**
   * Ends the pending wait with this error but keeps the connection usable (a cancel that still QUITs).
   * With no wait pending (a cancel between sending a command and reading its reply), the next read
   * ends with it instead of waiting out its whole deadline.
   */
  interrupt(error: SessionError): void {
    const waiter = this.waiter;
    if (!waiter) {
      this.interrupted = error;
      return;
    }
    this.waiter = null;
    clearTimeout(waiter.timer);
    waiter.reject(error);
  }

  /** Forgets an interrupt no read has taken yet: the QUIT after a cancel must still get its 221. */
  clearInterrupt(): void {
    this.interrupted = null;
  }

  /** Ends the pending wait (and every later one) with this error, e.g. on cancel. */
  abort(error: SessionError): void {
    this.fail(error);
  }

  /** Closes the connection on purpose: later reads fail, but not as "peer closed". */
  destroy(): void {
    this.closingByUs = true;
    this.socket.destroy();
  }

  private attach(socket: Socket): void {
    socket.on("data", this.onData);
    socket.on("close", this.onClose);
    socket.on("error", this.onError);
  }

  private detach(socket: Socket): void {
    socket.off("data", this.onData);
    socket.off("close", this.onClose);
    socket.off("error", this.onError);
    // Keep a listener so a late error on the handed-over socket cannot crash the process.
    socket.on("error", () => {});
  }

  /** Non-null once the TLS go-ahead arrived: from then on every byte read is injected. */
  private injectionReport(): InjectionReport | null {
    return this.draining;
  }

  private deliver(reply: Reply): Reply {
    if (this.awaitingTlsGo && reply.code === 220) {
      this.awaitingTlsGo = false;
      this.draining = { bytes: 0, lines: 0 };
    }
    return reply;
  }

  private handleData(chunk: Buffer): void {
    if (this.terminal) return;
    if (this.draining) {
      this.draining.bytes += chunk.length;
      this.draining.lines += countLf(chunk);
      return;
    }
    this.bytesRead += chunk.length;
    if (!this.sawFirstByte) {
      this.sawFirstByte = true;
      // A TLS record header (content type 20-23, version 3.x) where plaintext SMTP was expected.
      if (!this.tls && chunk.length >= 2 && chunk[0]! >= 0x14 && chunk[0]! <= 0x17 && chunk[1] === 0x03) {
        this.fail(sessionError("tls-in-plaintext", "the server sent TLS data on a plaintext connection: this port expects TLS from the first byte"));
        this.destroy();
        return;
      }
    }
    if (this.bytesRead > this.limits.maxSessionBytes) {
      this.fail(sessionError("too-much-data", `the server sent more than ${this.limits.maxSessionBytes} bytes; HeloDesk stopped reading (a flood)`));
      this.destroy();
      return;
    }
    for (const item of this.parser.push(chunk)) {
      const injected = this.injectionReport();
      if (injected) {
        // Parsed in the same chunk as the TLS go-ahead: injected, never shown as replies.
        injected.lines += item.kind === "reply" ? item.reply.lines.length : 1;
        injected.bytes += item.kind === "reply" ? utf8Length(item.reply.raw) : item.kind === "garbage" ? item.bytes.length + 1 : 1;
        continue;
      }
      if (item.kind === "empty-line") {
        this.hooks.onEmptyLine?.();
      } else if (item.kind === "garbage") {
        this.fail(sessionError("not-smtp", `the server sent a line that is not an SMTP reply: ${JSON.stringify(item.line.slice(0, 120))}`));
        this.destroy();
        return;
      } else {
        this.push({ reply: item.reply });
        if (item.reply.flags.includes("too-many-lines")) {
          this.fail(sessionError("reply-flood", `a reply ran past ${this.limits.maxLinesPerReply} lines; HeloDesk stopped reading (a flood)`));
          this.destroy();
          return;
        }
      }
    }
  }

  private push(item: Item): void {
    const waiter = this.waiter;
    if (waiter && "reply" in item && this.queue.length === 0) {
      this.waiter = null;
      clearTimeout(waiter.timer);
      waiter.resolve(item.reply);
      return;
    }
    this.queue.push(item);
    if ("reply" in item) this.hooks.onQueued?.();
  }

  private fail(error: SessionError): void {
    if (this.terminal) return;
    this.terminal = error;
    this.hooks.onTerminal?.(error);
    const waiter = this.waiter;
    if (waiter && this.queue.length === 0) {
      this.waiter = null;
      clearTimeout(waiter.timer);
      waiter.reject(error);
    } else {
      this.queue.push({ failure: error });
    }
  }

  private handleClose(): void {
    if (this.closingByUs) {
      this.fail(sessionError("cancelled", "the connection was closed by HeloDesk"));
      return;
    }
    const partial = this.parser.bufferedBytes > 0 ? " in the middle of a line" : "";
    this.fail(sessionError("peer-closed", `the server closed the connection${partial}`));
  }

  private handleError(err: Error): void {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ECONNRESET" || code === "EPIPE") {
      this.fail(sessionError("peer-closed", "the server reset the connection", { cause: err }));
    } else {
      this.fail(sessionError("socket-error", `the connection failed: ${code ?? err.message}`, { cause: err }));
    }
  }
}

function countLf(chunk: Uint8Array): number {
  let n = 0;
  for (const b of chunk) if (b === 0x0a) n++;
  return n;
}

function utf8Length(s: string): number {
  return new TextEncoder().encode(s).length;
}
