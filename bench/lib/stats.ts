/** Order statistics over samples in milliseconds; nearest-rank percentiles, so p99 is a real sample. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export const median = (samples: readonly number[]) => percentile(samples, 50);

export interface Summary {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  min: number;
  max: number;
  mean: number;
}

export function summarize(samples: readonly number[]): Summary {
  const n = samples.length;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const s of samples) {
    if (s < min) min = s;
    if (s > max) max = s;
    sum += s;
  }
  return { n, p50: round(median(samples)), p90: round(percentile(samples, 90)), p99: round(percentile(samples, 99)), min: round(min), max: round(max), mean: round(sum / Math.max(1, n)) };
}

/** Three decimals: microseconds when the unit is milliseconds. */
export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Wall-clock milliseconds with sub-millisecond resolution; comparable between processes on one machine. */
export const wallNow = () => performance.timeOrigin + performance.now();
