import { type ChildProcess, fork } from "node:child_process";
import { join } from "node:path";
import type { SinkTiming } from "./smtp-sink";

export interface FixtureProcess {
  smtpPort: number;
  dns: string;
  /** Sink timings since the last call, and the first message the sink received. */
  timings(): Promise<{ timings: SinkTiming[]; firstMessage: string[] | null }>;
  stop(): Promise<void>;
}

/** Forks the SMTP sink + DNS fixture (bench/fixture-process.ts) and waits for its ports. */
export async function startFixtureProcess(dir: string): Promise<FixtureProcess> {
  const child: ChildProcess = fork(join(dir, "fixture-process.mjs"), [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const next = <T>(type: string, ms = 10_000) =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`fixture process: no "${type}" within ${ms} ms`)), ms);
      const on = (m: { type: string }) => {
        if (m.type !== type) return;
        clearTimeout(timer);
        child.off("message", on);
        resolve(m as T);
      };
      child.on("message", on);
    });
  const ready = await next<{ smtpPort: number; dns: string }>("ready");
  return {
    smtpPort: ready.smtpPort,
    dns: ready.dns,
    timings: async () => {
      const reply = next<{ timings: SinkTiming[]; firstMessage: string[] | null }>("timings");
      child.send({ type: "timings" });
      return reply;
    },
    stop: async () => {
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.send({ type: "stop" });
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
