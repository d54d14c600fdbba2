import type { TimingStep } from "@/lib/session-view";

/** A step this slow is what a tarpit (or a greylisting delay) looks like. */
export const SLOW_MS = 5000;

export interface Scale {
  min: number;
  max: number;
  /** Position on the axis as a percentage of the width. */
  pct(ms: number): number;
  ticks: number[];
}

/** A linear time axis with round tick marks (1, 2 or 5 times a power of ten), at most five. */
export function scaleOf(steps: readonly TimingStep[]): Scale {
  const min = Math.min(0, ...steps.map((s) => s.start));
  const max = Math.max(min + 1, ...steps.map((s) => s.end));
  const span = max - min;
  const raw = span / 4;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + 1e-9; t += step) ticks.push(t);
  return { min, max, pct: (ms) => ((ms - min) / span) * 100, ticks };
}

/**
 * How a tick label hangs from its mark: from its start near the left edge, from its end near the
 * right one, centred between. The widths are percentages and the text pixels, so the margins are wide
 * enough for the narrowest chart (a phone's, ~300 px) to keep a centred "100 ms" inside.
 */
export function tickAnchor(pct: number): "start" | "middle" | "end" {
  return pct < 15 ? "start" : pct > 85 ? "end" : "middle";
}

export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
