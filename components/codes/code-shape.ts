/**
 * The shapes /codes/[code] accepts, kept apart from the catalog so the client-side filter can
 * recognise a code without bundling the catalog.
 */

/**
 * A basic reply code: three digits, the first 2–5 (RFC 5321 4.2.1). The other digits are not
 * checked, so an unlisted code such as 599 still gets its class-level meaning.
 */
export const BASIC_SHAPE = /^[2-5]\d\d$/;

/** A full enhanced status code, class.subject.detail with class 2, 4 or 5 (RFC 3463 2). */
export const ENHANCED_SHAPE = /^[245]\.\d{1,3}\.\d{1,3}$/;

/** A registry key without its class: as the registry writes it (X.7.1) or bare (7.1). */
export const KEY_SHAPE = /^(?:[xX]\.)?(\d{1,3})\.(\d{1,3})$/;

/** True when the text would open a page under /codes rather than a 404. */
export function isCodeShaped(text: string): boolean {
  return BASIC_SHAPE.test(text) || ENHANCED_SHAPE.test(text) || KEY_SHAPE.test(text);
}

/** The deep link of a code: "550", "5.7.1" or "X.7.1". */
export function codeHref(code: string | number): string {
  return `/codes/${encodeURIComponent(String(code))}`;
}

/** The registry's own name for a key: "7.1" becomes "X.7.1". */
export function keyLabel(key: string): string {
  return `X.${key}`;
}

/** Anchors of the groups on /codes, so detail pages can link into the list. */
export function classAnchor(digit: number): string {
  return `class-${digit}xx`;
}

export function subjectAnchor(subject: number): string {
  return `subject-${subject}`;
}
