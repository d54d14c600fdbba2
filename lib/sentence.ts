/** The text with its first letter a capital. */
export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A message as one sentence on screen: trimmed, a capital first, a full stop last unless it ends in . ! ? or …. */
export function sentence(message: string): string {
  const s = message.trim();
  if (!s) return s;
  const capital = capitalise(s);
  return /[.!?…]$/.test(capital) ? capital : `${capital}.`;
}
