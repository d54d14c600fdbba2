import net, { type AddressInfo, type Socket } from "node:net";
import { eachLine } from "./each-line";
import { wallNow } from "./stats";

export interface SinkOptions {
  /** Fan-out mode: after go(), each connection gets this many unsolicited "250 tick" replies. */
  ticks?: { count: number; intervalMs: number; /** Up to this many more per connection, at random, so sessions do not all end at once. */ spread?: number };
}

export interface SinkTiming {
  /** performance.now() in the sink's process when the connection was accepted and when it closed. */
  accept: number;
  close: number;
}

interface Conn {
  socket: Socket;
  data: string[] | null;
  timer: NodeJS.Timeout | null;
  sent: number;
}

const EHLO = ["250-sink.helodesk.test", "250-PIPELINING", "250-SIZE 10240000", "250-8BITMIME", "250-ENHANCEDSTATUSCODES", "250 SMTPUTF8"].join("\r\n");
const REPLIES: Record<string, string> = {
  HELO: "250 sink.helodesk.test",
  MAIL: "250 2.1.0 Ok",
  RCPT: "250 2.1.5 Ok",
  RSET: "250 2.0.0 Ok",
  NOOP: "250 2.0.0 Ok",
  DATA: "354 End data with <CR><LF>.<CR><LF>",
  QUIT: "221 2.0.0 Bye",
};

/**
 * A lean SMTP sink for benchmarks: the same replies to every client, with as little work per line as
 * possible, so the server side costs every client under test the same and little. Records accept and
 * close times per connection, which times any client (swaks too) the same way.
 */
export class SmtpSink {
  readonly timings: SinkTiming[] = [];
  /** The first message received, as its lines: the raw client replays exactly what the engine sends. */
  firstMessage: string[] | null = null;
  private readonly conns = new Set<Conn>();
  private readonly server = net.createServer((socket) => this.accept(socket));
  private going = false;

  constructor(private readonly options: SinkOptions = {}) {}

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen({ port: 0, host: "127.0.0.1", backlog: 4096 }, resolve));
    return (this.server.address() as AddressInfo).port;
  }

  get open(): number {
    return this.conns.size;
  }

  /** Starts the ticks on every open connection, each at a random phase so they do not arrive in bursts. */
  go(): void {
    this.going = true;
    for (const conn of this.conns) this.startTicks(conn);
  }

  private accept(socket: Socket): void {
    const timing: SinkTiming = { accept: performance.now(), close: 0 };
    const conn: Conn = { socket, data: null, timer: null, sent: 0 };
    this.conns.add(conn);
    socket.setNoDelay(true);
    socket.on("error", () => {});
    socket.on("close", () => {
      timing.close = performance.now();
      this.timings.push(timing);
      if (conn.timer) clearTimeout(conn.timer);
      this.conns.delete(conn);
    });
    eachLine(socket, (line) => this.onLine(conn, line));
    socket.write("220 sink.helodesk.test ESMTP ready\r\n");
    if (this.going) this.startTicks(conn);
  }

  private startTicks(conn: Conn): void {
    const ticks = this.options.ticks;
    if (!ticks || conn.timer) return;
    const count = ticks.count + Math.floor(Math.random() * ((ticks.spread ?? 0) + 1));
    const tick = () => {
      if (conn.sent >= count || conn.socket.destroyed) return;
      conn.sent++;
      // Stamped just before the write: the latency measured from here includes the server's read.
      conn.socket.write(`250 2.0.0 tick ${conn.sent} of ${count} at ${wallNow().toFixed(3)}\r\n`);
      conn.timer = setTimeout(tick, ticks.intervalMs);
    };
    conn.timer = setTimeout(tick, Math.random() * ticks.intervalMs);
  }

  private onLine(conn: Conn, line: string): void {
    if (conn.data) {
      if (line !== ".") {
        conn.data.push(line);
        return;
      }
      this.firstMessage ??= conn.data;
      conn.data = null;
      conn.socket.write("250 2.0.0 Ok: queued as 4ZkQ1x3V0Bz9sT\r\n");
      return;
    }
    const verb = line.slice(0, 4).toUpperCase();
    if (verb === "EHLO") return void conn.socket.write(`${EHLO}\r\n`);
    const reply = REPLIES[verb] ?? "500 5.5.2 Error: command not recognized";
    conn.socket.write(`${reply}\r\n`);
    if (verb === "DATA") conn.data = [];
    if (verb === "QUIT") {
      if (conn.timer) clearTimeout(conn.timer);
      conn.socket.end();
    }
  }

  async close(): Promise<void> {
    for (const c of this.conns) c.socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
