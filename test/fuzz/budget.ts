import { settledHeap } from "../safety/gc";

/**
 * How hard the fuzz tests push. `npm test` runs a small budget so the suite stays fast; `npm run fuzz`
 * sets HELODESK_FUZZ=full for over 100,000 cases in all, and prints the rate and the peak memory.
 */
export const FULL = process.env.HELODESK_FUZZ === "full";

/** Per test: the full run takes minutes on a slow machine, the small one seconds. */
export const TEST_TIMEOUT_MS = FULL ? 900_000 : 30_000;
/** Cases per property. */
export const RUNS = FULL ? 15_000 : 200;
/** Events thrown at the live socket.io server. */
export const SOCKET_RUNS = FULL ? 5_000 : 150;
/** One case taking longer than this is a hang (catastrophic backtracking, a loop), not noise. */
export const CASE_LIMIT_MS = 1_000;
/** Growth of the heap over a whole property, after a forced full collection. */
export const HEAP_GROWTH_LIMIT = 64 * 1024 * 1024;

export interface Meter {
  /** Wraps a predicate: counts it, times it, samples memory. */
  wrap<A extends unknown[]>(predicate: (...args: A) => void): (...args: A) => void;
  cases: number;
  slowestMs: number;
  /** Fails the test when a case was slow or the heap kept what the cases allocated. */
  finish(name: string): void;
}

const heapNow = settledHeap;

export function meter(): Meter {
  const startedAt = performance.now();
  const heapBefore = heapNow();
  const m: Meter = {
    cases: 0,
    slowestMs: 0,
    wrap: (predicate) => (...args) => {
      const t = performance.now();
      predicate(...args);
      const ms = performance.now() - t;
      m.cases++;
      if (ms > m.slowestMs) m.slowestMs = ms;
      if (ms > CASE_LIMIT_MS) throw new Error(`one case took ${ms.toFixed(0)} ms (limit ${CASE_LIMIT_MS} ms): a hang`);
    },
    finish(name) {
      const seconds = (performance.now() - startedAt) / 1000;
      const growth = heapNow() - heapBefore;
      const peakRssMb = process.resourceUsage().maxRSS / 1024;
      if (FULL) {
        console.info(
          `[fuzz] ${name}: ${m.cases} cases in ${seconds.toFixed(1)} s (${Math.round(m.cases / seconds)}/s), slowest ${m.slowestMs.toFixed(1)} ms, heap ${(growth / 1048576).toFixed(1)} MiB after, peak RSS ${peakRssMb.toFixed(0)} MiB`,
        );
      }
      if (growth > HEAP_GROWTH_LIMIT) throw new Error(`${name}: the heap grew by ${(growth / 1048576).toFixed(0)} MiB over the run`);
    },
  };
  return m;
}
