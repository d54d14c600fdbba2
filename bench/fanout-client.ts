import { writeFileSync } from "node:fs";
import { type Socket, io } from "socket.io-client";
import { WebSocket } from "ws";
import type { ClientToServerEvents, ServerToClientEvents, StartAck } from "@/lib/socket-contract";
import { SmtpSink } from "./lib/smtp-sink";
import { recordStalls } from "./lib/stalls";
import { wallNow } from "./lib/stats";

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const K = Number(process.env.BENCH_K);
const TICKS = Number(process.env.BENCH_TICKS);
const URL = process.env.BENCH_URL!;
const BARE = process.env.BENCH_SERVER === "websocket-relay";
const TICK = /tick (\d+) of (\d+) at ([\d.]+)/;
/** Whole sessions run before the measured ones (fanout.ts sets it; 0: none, a cold server). */
const WARMUP = Number(process.env.BENCH_WARMUP ?? 0);
/** Latencies from this long after the ticks start are also reported on their own: the steady state, without the start's transient. */
const STEADY_AFTER_MS = 500;

/** A warm-up session: counted nowhere, and said when it has ended. */
type Warm = { ended: () => void; all: Array<Client | WebSocket> };
type Start = (i: number, port: number, warm?: Warm) => Promise<void>;

/**
 * K browsers in one process, each a socket.io client running an interactive session against a sink
 * that sends an unsolicited "250 tick" reply every 100 ms, stamped with the wall clock when written.
 * Latency is from that stamp to this process receiving the event: the server's read, engine,
 * broadcast and the socket.io hop, all included. The sink lives here too, so both stamps come from
 * one clock.
 */
async function main() {
  const stalls = process.env.BENCH_DEBUG ? recordStalls(`${process.env.BENCH_DEBUG}.client-stalls`) : null;
  const sink = new SmtpSink({ ticks: { count: TICKS, intervalMs: 100, spread: TICKS } });
  const port = await sink.listen();
  const latencies: number[] = [];
  const steady: number[] = [];
  let goAt = Infinity;
  const debug: number[][] = [];
  const errors: string[] = [];
  const clients: Array<Client | WebSocket> = [];
  let greeted = 0;
  let finished = 0;
  const error = (text: string) => {
    if (errors.length < 20) errors.push(text);
    else errors.push("...");
  };

  /** One session's bookkeeping, whichever way its replies arrive; warm-up sessions (measured: false) count nowhere. */
  const session = (i: number, quit: () => void, measured = true, ended: () => void = () => undefined) => {
    let ticks = 0;
    let expected = -1;
    let done = false;
    let sawGreeting = false;
    return {
      finish(problem?: string) {
        if (done) return;
        done = true;
        if (problem) error(`${measured ? "client" : "warm-up client"} ${i}: ${problem}`);
        ended();
        if (!measured) return;
        finished++;
        maybeReport();
      },
      ended() {
        this.finish(ticks === expected ? undefined : `ended after ${ticks} of ${expected} ticks`);
      },
      reply(text: string) {
        if (!sawGreeting) {
          sawGreeting = true;
          if (measured) greeted++;
          maybeReady();
          return;
        }
        const m = TICK.exec(text);
        if (!m) return;
        if (measured) {
          const now = wallNow();
          const latency = now - Number(m[3]);
          latencies.push(latency);
          if (now - goAt >= STEADY_AFTER_MS) steady.push(latency);
          if (process.env.BENCH_DEBUG) debug.push([Number(m[1]), latency, now]);
        }
        expected = Number(m[2]);
        if (++ticks === expected) quit();
      },
    };
  };

  const startOne: Start = (i, port, warm) =>
    new Promise<void>((resolve) => {
      const socket: Client = io(URL, { transports: ["websocket"], forceNew: true, reconnection: false, timeout: 20_000 });
      (warm?.all ?? clients).push(socket);
      let id = "";
      let token = "";
      const quit = () => socket.emit("session:input", { id, token, line: "QUIT" }, (ack) => ack.ok || s.finish(`QUIT refused: ${ack.error}`));
      const s = session(i, quit, !warm, warm?.ended);
      socket.on("connect_error", (err) => {
        s.finish(`connect error: ${err.message}`);
        resolve();
      });
      socket.on("disconnect", (reason) => s.finish(`disconnected: ${reason}`));
      socket.on("session:event", ({ event }) => {
        if (event.type === "reply") s.reply(event.text.join(" "));
      });
      socket.on("session:end", () => s.ended());
      socket.on("connect", () => {
        socket.emit("session:start", { target: "127.0.0.1", port, profile: "interactive" }, (ack: StartAck) => {
          if (ack.ok) ({ id, token } = ack);
          else s.finish(`start refused: ${ack.error}`);
          resolve();
        });
      });
    });

  /** The WebSocket relay's client (BENCH_SERVER=websocket-relay): each line arrives as one message. */
  const startBare: Start = (i, port, warm) =>
    new Promise<void>((resolve) => {
      const ws = new WebSocket(URL.replace(/^http/, "ws"));
      (warm?.all ?? clients).push(ws);
      const s = session(i, () => ws.send(JSON.stringify({ line: "QUIT" })), !warm, warm?.ended);
      ws.on("open", () => {
        ws.send(JSON.stringify({ port }));
        resolve();
      });
      ws.on("error", (err) => {
        s.finish(`connect error: ${err.message}`);
        resolve();
      });
      ws.on("message", (data) => s.reply(String(data)));
      ws.on("close", () => s.ended());
    });

  const maybeReady = () => {
    if (greeted === K) process.send!({ type: "greeted" });
  };
  let reported = false;
  let cpuMark = { cpu: process.cpuUsage(), at: performance.now() };
  const maybeReport = () => {
    if (finished < K || reported) return;
    reported = true;
    if (process.env.BENCH_DEBUG) writeFileSync(process.env.BENCH_DEBUG, JSON.stringify(debug));
    stalls?.write();
    const cpu = process.cpuUsage(cpuMark.cpu);
    const cpuPercent = ((cpu.user + cpu.system) / 1000 / (performance.now() - cpuMark.at)) * 100;
    process.send!({ type: "result", latencies, steady, errors, greeted, cpuPercent });
  };

  process.on("message", (message: { type: string }) => {
    if (message.type === "go") {
      cpuMark = { cpu: process.cpuUsage(), at: performance.now() };
      goAt = wallNow();
      sink.go();
    } else if (message.type === "exit") {
      process.exit(0);
    } else if (message.type === "report") {
      // The deadline passed: whoever has not finished counts as an error.
      const missing = K - finished;
      if (missing > 0) error(`${missing} sessions had not finished by the deadline`);
      finished = K;
      maybeReport();
    }
  });

  const start = BARE ? startBare : startOne;
  if (WARMUP > 0) await warmUp(WARMUP, start, error);
  // Connect in waves: 2,000 simultaneous handshakes would measure the accept queue, not the fan-out.
  const WAVE = 100;
  for (let i = 0; i < K; i += WAVE) {
    await Promise.all(Array.from({ length: Math.min(WAVE, K - i) }, (_, j) => start(i + j, port)));
  }
  process.send!({ type: "started", errors: errors.length });
}

/**
 * Whole sessions (greeting, ticks, QUIT, end) against a sink of their own, run to their end before the
 * measured sessions connect, and not measured. A server that has been up a while has run every path of
 * a session; a fresh one meeting 2,000 sessions at once also measures V8 throwing away code it had
 * optimised for the paths seen so far (Node's stream writes when the first QUIT goes to an SMTP socket,
 * the checks at the first end): in a cold run, p50 over 100 ms for the 1.5 s after the first sessions
 * end (docs/performance.md).
 */
async function warmUp(count: number, start: Start, error: (text: string) => void) {
  const sink = new SmtpSink({ ticks: { count: 10, intervalMs: 20, spread: 10 } });
  const port = await sink.listen();
  sink.go();
  const all: Warm["all"] = [];
  let left = count;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      error(`warm-up: ${left} of ${count} sessions had not ended within 30 s`);
      resolve();
    }, 30_000);
    const ended = () => {
      if (--left > 0) return;
      clearTimeout(timer);
      resolve();
    };
    for (let i = 0; i < count; i++) void start(i, port, { ended, all });
  });
  for (const c of all) {
    if (c instanceof WebSocket) c.close();
    else c.disconnect();
  }
  await sink.close();
}

void main();
