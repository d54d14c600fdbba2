/**
 * A wait as a person reads it: seconds up to two minutes ("retry in 45 s"), then minutes rounded up
 * ("retry in 56 min", not "3327 s"). Retry-After still carries the exact seconds.
 */
export function waitWords(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  return s < 120 ? `${s} s` : `${Math.ceil(s / 60)} min`;
}
