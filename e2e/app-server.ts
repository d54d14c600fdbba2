import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/**
 * Where the production build (`.next/` and `dist/server.mjs`) lives: the project itself, or a copy
 * of it named by HELODESK_E2E_APP_DIR, so a rebuild in the working tree cannot pull the pages out
 * from under a running suite.
 */
export function appDir(): string {
  return resolve(process.env.HELODESK_E2E_APP_DIR || process.cwd());
}

export interface AppServer {
  url: string;
  /** Lines the server printed, for failure messages. */
  output: string[];
  /** The server's SQLite directory: made here and removed by stop(), unless the caller gave HELODESK_DATA_DIR. */
  dataDir: string;
  stop(): Promise<void>;
  process: ChildProcess;
}

/**
 * The flags `npm start` gives node (the start script in `dir`'s package.json is where they are set),
 * so the tests and the bench run the server as a deployment does.
 */
export function serverNodeFlags(dir = appDir()): string[] {
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { scripts?: { start?: string } };
  return (pkg.scripts?.start ?? "").split(/\s+/).filter((arg) => arg.startsWith("--"));
}

/**
 * Starts the production HeloDesk server (dist/server.mjs) on 127.0.0.1 port 0 and reads the port it
 * got from its "listening" line. Loopback and any port are allowed, since fixtures listen there.
 */
export async function startAppServer(env: Record<string, string> = {}): Promise<AppServer> {
  // A directory given by the caller is the caller's to remove; one made here is removed here.
  const ownDataDir = env.HELODESK_DATA_DIR ? null : mkdtempSync(join(tmpdir(), "helodesk-e2e-data-"));
  const dataDir = env.HELODESK_DATA_DIR ?? ownDataDir!;
  const removeOwnDataDir = () => {
    if (ownDataDir) rmSync(ownDataDir, { recursive: true, force: true });
  };
  const child = spawn(process.execPath, [...serverNodeFlags(), "dist/server.mjs"], {
    cwd: appDir(),
    env: {
      ...process.env,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: "0",
      HELODESK_ALLOWED_NETWORKS: "127.0.0.0/8,::1/128",
      HELODESK_ALLOWED_PORTS: "25,465,587,2525,1024-65535",
      // The machine's resolver is off limits to tests: point DNS at a closed loopback port.
      HELODESK_DNS_SERVERS: "127.0.0.1:9",
      HELODESK_HELO_NAME: "tester.helodesk.test",
      HELODESK_LOG_LEVEL: "warn",
      // Each app server gets its own SQLite store: several run at once, and a server marks the
      // sessions it finds running at start as interrupted (the store tests cover PostgreSQL).
      DATABASE_URL: "",
      HELODESK_DATA_DIR: dataDir,
      // The whole suite starts its sessions from one address to one loopback target: lift the abuse
      // limits here; the limits have their own tests (server/abuse, test/abuse).
      HELODESK_SESSIONS_PER_MINUTE: "100000",
      HELODESK_SESSIONS_BURST: "100000",
      HELODESK_MAX_SESSIONS_PER_CLIENT: "1000",
      HELODESK_TARGET_SESSIONS_PER_MINUTE: "100000",
      HELODESK_NETWORK_SESSIONS_PER_MINUTE: "100000",
      HELODESK_PROBES_PER_HOUR: "100000",
      HELODESK_MESSAGES_PER_HOUR: "100000",
      HELODESK_SOCKET_EVENTS_PER_SECOND: "10000",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`HeloDesk did not start within 30 s:\n${output.join("")}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      const m = /HeloDesk listening on (http:\/\/[\d.:[\]]+)/.exec(output.join(""));
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (c: Buffer) => output.push(c.toString()));
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`HeloDesk exited with ${code}:\n${output.join("")}`));
    });
  }).catch(async (err: unknown) => {
    // Not started (too slow, or exited): stopped here, so neither the process nor its directory outlives the error.
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited;
    removeOwnDataDir();
    throw err;
  });
  return {
    url,
    output,
    process: child,
    dataDir,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
        child.kill("SIGTERM");
        await exited;
        clearTimeout(timer);
      }
      // Once the process is gone: it closes its store on SIGTERM, writing to these files until then.
      removeOwnDataDir();
    },
  };
}
