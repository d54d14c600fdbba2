import { writeFileSync } from "node:fs";
import { wallNow } from "./stats";

/**
 * Event-loop stalls of this process, for BENCH_DEBUG: a 5 ms timer that notes each time it fired more
 * than 20 ms late, as [wall-clock ms when it fired, ms late]. The fan-out client and server both run
 * one, on the same clock as the latencies, so a tail can be told apart: the server holding events,
 * or the bench's own client not reading them. Bounded: at most 20,000 stalls are kept.
 */
export function recordStalls(file: string): { write(): void } {
  const stalls: Array<[number, number]> = [];
  const PERIOD = 5;
  let due = performance.now() + PERIOD;
  const timer = setInterval(() => {
    const now = performance.now();
    const late = now - due;
    if (late > 20 && stalls.length < 20_000) stalls.push([Math.round(wallNow()), Math.round(late)]);
    due = now + PERIOD;
  }, PERIOD);
  timer.unref();
  return { write: () => writeFileSync(file, JSON.stringify(stalls)) };
}
