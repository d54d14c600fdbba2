import { type ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";

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
  stop(): Promise<void>;
  process: ChildProcess;
}

/**
 * Starts the production HeloDesk server (dist/server.mjs) on 127.0.0.1 port 0 and reads the port it
 * got from its "listening" line. Loopback and any port are allowed, since fixtures listen there.
 */
export async function startAppServer(env: Record<string, string> = {}): Promise<AppServer> {
  const child = spawn(process.execPath, ["dist/server.mjs"], {
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
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
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
  });
  return {
    url,
    output,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
        child.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}
