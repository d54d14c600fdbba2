/**
 * Durations the way an operator reads them: sub-millisecond precision where the network is fast,
 * whole seconds where a tarpit makes the wait long.
 */
export function formatDt(ms: number): string {
  if (ms < 1000) return `${ms.toFixed(1)} ms`;
  if (ms < 10_000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms < 100_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms / 1000)} s`;
}

/** A deadline in round words: "30 s", "5 min", "1 min 30 s". */
export function formatDeadline(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  const rest = s % 60;
  return rest ? `${min} min ${rest} s` : `${min} min`;
}

/** An ISO 8601 duration for <time dateTime>, e.g. "PT0.0031S". */
export function isoDuration(ms: number): string {
  return `PT${(ms / 1000).toFixed(4)}S`;
}
