import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "@/server/config";
import { engineDeps } from "@/server/engine/deps";
import { openStore } from "@/server/store/open-store";
import { SessionRegistry } from "@/server/web/session-registry";
import { createSocketServer } from "@/server/web/socket-server";
import { startSocketIoRelay, startWebSocketRelay } from "./lib/relays";
import { recordStalls } from "./lib/stalls";

/**
 * CPU seconds of the main thread alone (Linux /proc; null elsewhere): the event loop is what saturates,
 * and process.cpuUsage also counts the store's writer thread and V8's helper threads.
 */
function mainThreadCpuSec(): number | null {
  try {
    // Fields after the parenthesised name: utime and stime are the 12th and 13th, in clock ticks (USER_HZ, 100).
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/**
 * The real socket.io server and session registry (admitting everyone, so rate limits never shape the
 * numbers), alone in this process so its CPU and memory can be read on their own. A deployment persists
 * every event, so the SQLite store is on unless BENCH_STORE=none (to see what the store itself costs).
 * BENCH_DATA_DIR: a store's folder to use (a copy fanout.ts filled beforehand; removed at exit).
 * BENCH_SERVER=socket.io-relay or websocket-relay runs one of the floors instead (lib/relays.ts).
 */
async function main() {
  const kind = process.env.BENCH_SERVER ?? "helodesk";
  let dataDir: string | null = null;
  let running = () => 0;
  let http: Server;
  if (kind === "websocket-relay") http = startWebSocketRelay();
  else if (kind === "socket.io-relay") http = startSocketIoRelay();
  else {
    const config = loadConfig({
      HELODESK_ALLOWED_NETWORKS: "127.0.0.0/8",
      HELODESK_ALLOWED_PORTS: "1024-65535",
      HELODESK_DNS_SERVERS: process.env.BENCH_DNS ?? "127.0.0.1:9",
      HELODESK_HELO_NAME: "bench.helodesk.test",
    });
    dataDir = process.env.BENCH_STORE === "none" ? null : (process.env.BENCH_DATA_DIR ?? mkdtempSync(join(tmpdir(), "helodesk-fanout-")));
    const store = dataDir ? (await openStore({ HELODESK_DATA_DIR: dataDir, DATABASE_URL: undefined })).store : undefined;
    const registry = new SessionRegistry({ deps: engineDeps(config), store });
    running = () => registry.running;
    http = createServer((_req, res) => res.writeHead(404).end());
    createSocketServer(http, { registry });
  }
  await new Promise<void>((resolve) => http.listen({ port: 0, host: "127.0.0.1", backlog: 4096 }, resolve));

  let mark = { cpu: process.cpuUsage(), main: mainThreadCpuSec(), at: performance.now() };
  let rssPeak = 0;
  // What the RSS peak was made of: the JS heap, or memory outside it (sockets' buffers, SQLite).
  let atPeak = process.memoryUsage();
  const sampler = setInterval(() => {
    const rss = process.memoryUsage.rss();
    if (rss <= rssPeak) return;
    rssPeak = rss;
    atPeak = process.memoryUsage();
  }, 100);
  sampler.unref();

  const stalls = process.env.BENCH_DEBUG ? recordStalls(`${process.env.BENCH_DEBUG}.server-stalls`) : null;
  process.on("message", (message: { type: string }) => {
    if (message.type === "exit") {
      stalls?.write();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    } else if (message.type === "mark") {
      mark = { cpu: process.cpuUsage(), main: mainThreadCpuSec(), at: performance.now() };
      rssPeak = 0;
    } else if (message.type === "stats") {
      const cpu = process.cpuUsage(mark.cpu);
      const wallMs = performance.now() - mark.at;
      const main = mainThreadCpuSec();
      const memory = process.memoryUsage();
      rssPeak = Math.max(rssPeak, memory.rss);
      process.send!({
        type: "stats",
        wallMs,
        cpuPercent: ((cpu.user + cpu.system) / 1000 / wallMs) * 100,
        mainThreadCpuPercent: main === null || mark.main === null ? null : ((main - mark.main) * 1000 / wallMs) * 100,
        rssPeakMB: rssPeak / 2 ** 20,
        heapUsedMB: memory.heapUsed / 2 ** 20,
        atPeakMB: { heapTotal: atPeak.heapTotal / 2 ** 20, heapUsed: atPeak.heapUsed / 2 ** 20, external: atPeak.external / 2 ** 20 },
        running: running(),
        store: kind !== "helodesk" ? kind : dataDir ? "sqlite" : "none",
      });
    }
  });
  process.send!({ type: "ready", url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` });
}

void main();
