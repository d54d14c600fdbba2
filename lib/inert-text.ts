// eslint-disable-next-line no-control-regex
const C0 = /[\x00-\x08\x0b-\x1f\x7f]/g;
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const C1 = /[\u0080-\u009f]/g;

/**
 * Makes a hostile server's text inert for display: control characters become their visible Unicode
 * pictures (ESC shows as ␛, so ANSI escapes cannot recolour a terminal), and bidi controls are shown
 * as <U+202E> instead of reordering the text around them (Trojan Source).
 */
export function inert(text: string): string {
  return text
    .replace(C0, (c) => (c === "\x7f" ? "\u2421" : String.fromCharCode(0x2400 + c.charCodeAt(0))))
    .replace(C1, (c) => `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}>`)
    .replace(BIDI, (c) => `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}>`);
}
