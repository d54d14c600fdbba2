import { Duplex } from "node:stream";

/** TEST-NET-1 (RFC 5737): the rehearsal's made-up server, never connected to. */
export const STAGE_ADDRESS = "192.0.2.1";
export const STAGE_NAME = "rehearsal.invalid";
/** What the engine reads off a connected socket, as the stage's connection reports it, whichever carries it. */
export const STAGE_SOCKET = { localAddress: "127.0.0.1", localPort: 2525, remoteAddress: STAGE_ADDRESS } as const;

const EHLO = [`250-${STAGE_NAME}`, "250-PIPELINING", "250-SIZE 10240000", "250-8BITMIME", "250-ENHANCEDSTATUSCODES", "250-AUTH PLAIN LOGIN", "250 SMTPUTF8"];

/**
 * The rehearsal's SMTP server: one fitting reply per command, each on a later tick, as from a socket.
 * Served over a local socket (stage-transport.ts), or handed to the engine as its socket where no
 * local socket can be opened; the address properties are what the engine reads off a real one.
 */
export class StageServer extends Duplex {
  readonly localAddress = STAGE_SOCKET.localAddress;
  readonly localPort = STAGE_SOCKET.localPort;
  readonly remoteAddress = STAGE_SOCKET.remoteAddress;
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
