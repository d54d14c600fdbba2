import { writeFileSync } from "node:fs";
import { cpuCalibrationMs } from "./machine";

export interface SectionOptions {
  quick: boolean;
  /** Directory holding the bundled bench entry points, for forking helper processes. */
  dir: string;
}

export type SectionOutcome = { status: "ok"; result: unknown } | { status: "skipped"; reason: string } | { status: "failed"; error: string };

export class Skip extends Error {}

/**
 * Runs one bench section as its own process: a result, a skip with the reason, or a failure, written
 * as JSON to the file named by --out. A hard time limit keeps a stuck run from hanging the bench.
 */
export function section(name: string, limitMs: number, body: (options: SectionOptions) => Promise<unknown>): void {
  const args = process.argv.slice(2);
  const out = args[args.indexOf("--out") + 1];
  const options: SectionOptions = { quick: args.includes("--quick"), dir: import.meta.dirname };
  // The machine's speed as the section starts (machine.ts): the same code took twice as long on another VM.
  const calibrationMs = cpuCalibrationMs();
  const write = (outcome: SectionOutcome) => {
    if (out) writeFileSync(out, JSON.stringify({ name, calibrationMs, ...outcome }, null, 2));
  };
  const timer = setTimeout(() => {
    write({ status: "failed", error: `${name} passed its ${limitMs / 1000} s limit` });
    process.exit(1);
  }, limitMs);
  timer.unref();
  body(options).then(
    (result) => {
      write({ status: "ok", result });
      process.exit(0);
    },
    (err: unknown) => {
      if (err instanceof Skip) write({ status: "skipped", reason: err.message });
      else write({ status: "failed", error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
      process.exit(err instanceof Skip ? 0 : 1);
    },
  );
}

export function log(text: string): void {
  process.stderr.write(`  ${text}\n`);
}
