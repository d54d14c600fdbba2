/** A message as one sentence on screen: trimmed, a capital first, a full stop last unless it ends in . ! ? or …. */
export function sentence(message: string): string {
  const s = message.trim();
  if (!s) return s;
  const capital = s.charAt(0).toUpperCase() + s.slice(1);
  return /[.!?…]$/.test(capital) ? capital : `${capital}.`;
}
