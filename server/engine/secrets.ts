import { decodeBase64Utf8 } from "@/lib/sasl-challenge";

export const REDACTED = "[redacted]";

/**
 * Shorter strings are not blanked in what the server says: a three-letter password would cut words
 * apart all over the transcript. The line that carried it is redacted all the same.
 */
const MIN_LENGTH = 4;

/**
 * What a secret AUTH line gives away, to be blanked wherever the server quotes it back (some servers
 * answer "535 Authentication failed for AUTH PLAIN AGNh…", others name the password): the base64 as
 * sent and, where its form says which part is the secret, the password or token inside it. PLAIN's
 * "authzid NUL user NUL password" (RFC 4616), XOAUTH2's "user=… ^Aauth=Bearer <token>^A^A", and the
 * answer to a "Password:" challenge (LOGIN). A typed line in the console is read the same way.
 */
export function secretsOf(payload: string, challenge: string | null): string[] {
  const found = [payload];
  const text = decodeBase64Utf8(payload);
  if (text !== null) {
    const plain = text.split("\0");
    const bearer = /\x01auth=Bearer ([^\x01]+)\x01/.exec(text);
    if (plain.length === 3) found.push(plain[2]!);
    else if (bearer) found.push(bearer[1]!);
    else if (challenge !== null && /^password:?$/i.test(challenge.trim())) found.push(text);
  }
  return found.filter((s) => s.length >= MIN_LENGTH);
}

/**
 * Secrets the session has sent, blanked in place in every string of an event (replies, notes, check
 * details, explanations). Empty for nearly every session: no AUTH, nothing to look at.
 */
export class SecretList {
  private readonly values: string[] = [];

  add(values: Array<string | null | undefined>): void {
    for (const v of values) if (v && v.length >= MIN_LENGTH && !this.values.includes(v)) this.values.push(v);
    // The longest first: a password inside a base64 string it was part of cannot match, but a
    // password that contains another secret must go whole.
    this.values.sort((a, b) => b.length - a.length);
  }

  /**
   * Blanks each secret in every string of an event, the event changed in place (its callers hold it);
   * a nested object or array that changes is replaced by a copy, since some are shared and frozen
   * (explanations come from a cache).
   */
  blankEvent(event: object): void {
    if (this.values.length === 0) return;
    const o = event as Record<string, unknown>;
    for (const key of Object.keys(o)) {
      const blanked = this.blanked(o[key]);
      if (blanked !== o[key]) o[key] = blanked;
    }
  }

  /** The value itself when it holds no secret, else a copy without them. */
  private blanked(value: unknown): unknown {
    if (typeof value === "string") return this.blankString(value);
    if (Array.isArray(value)) {
      let copy: unknown[] | null = null;
      for (let i = 0; i < value.length; i++) {
        const blanked = this.blanked(value[i]);
        if (blanked !== value[i]) (copy ??= value.slice())[i] = blanked;
      }
      return copy ?? value;
    }
    if (value !== null && typeof value === "object") {
      let copy: Record<string, unknown> | null = null;
      for (const [key, v] of Object.entries(value)) {
        const blanked = this.blanked(v);
        if (blanked !== v) (copy ??= { ...value })[key] = blanked;
      }
      return copy ?? value;
    }
    return value;
  }

  private blankString(s: string): string {
    for (const v of this.values) if (s.includes(v)) s = s.split(v).join(REDACTED);
    return s;
  }
}
