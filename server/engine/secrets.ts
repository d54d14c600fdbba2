import { decodeBase64Utf8 } from "@/lib/sasl-challenge";

export const REDACTED = "[redacted]";

/**
 * Shorter strings are not blanked in what the server says: a three-letter password would cut words
 * apart all over the transcript. The line that carried it is redacted all the same.
 */
const MIN_LENGTH = 4;

/**
 * The password or token inside a secret AUTH line (base64 as sent), where its form says which part is
 * the secret: PLAIN's "authzid NUL user NUL password" (RFC 4616), XOAUTH2's "user=… ^Aauth=Bearer
 * <token>^A^A", and the answer to a "Password:" challenge (LOGIN). Some servers quote the line back
 * ("535 Authentication failed for AUTH PLAIN AGNh…"), others name the password. A typed line in the
 * console is read the same way.
 */
function secretInside(payload: string, challenge: string | null): string | null {
  const text = decodeBase64Utf8(payload);
  if (text === null) return null;
  const plain = text.split("\0");
  const bearer = /\x01auth=Bearer ([^\x01]+)\x01/.exec(text);
  if (plain.length === 3) return plain[2]!;
  if (bearer) return bearer[1]!;
  if (challenge !== null && /^password:?$/i.test(challenge.trim())) return text;
  return null;
}

/** A run this long that is part of a secret, or of one of its encodings, is blanked wherever it appears. */
const WINDOW = 8;

/** Lower case for ASCII letters only, so every index stays where it was (toLowerCase may change lengths). */
function foldAscii(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

/**
 * Secrets the session has sent, blanked in place in every string of an event (replies, notes, check
 * details, explanations). Empty for nearly every session: no AUTH, nothing to look at.
 *
 * A server may quote a secret back whole, or in part, or changed: "AUTH PLAIN AHRydW5j…" cut short,
 * the base64 without its "=" padding, the password in capitals, in hex or in base64 of its own. So
 * each secret is kept with its base64 and hex forms, all in ASCII lower case: each form is blanked
 * whole, in any case, and so is any run of {@link WINDOW} characters that is part of one. Runs of the
 * password itself that are only letters are left out of the second rule: they are words ("password"
 * in "wrong-password-123"), and would blank the server's own "Password:" prompt.
 */
export class SecretList {
  /** Every form of every secret, whole (folded). */
  private readonly forms: string[] = [];
  /** Every run of WINDOW characters of those forms. */
  private readonly windows = new Set<string>();

  /** Passwords and tokens, as the request gave them. */
  add(values: Array<string | null | undefined>): void {
    for (const v of values) {
      if (!v || v.length < MIN_LENGTH) continue;
      const bytes = Buffer.from(v, "utf8");
      this.addForm(v, true);
      this.addForm(bytes.toString("base64"), false);
      this.addForm(bytes.toString("hex"), false);
    }
  }

  /** A secret AUTH line as sent (base64, or whatever was typed), and the password or token inside it. */
  addSent(payload: string, challenge: string | null): void {
    if (payload.length >= MIN_LENGTH) this.addForm(payload, false);
    this.add([secretInside(payload, challenge)]);
  }

  /** One form, whole and by its runs; a run of letters only is left out where the form is words. */
  private addForm(form: string, words: boolean): void {
    const folded = foldAscii(form);
    if (this.forms.includes(folded)) return;
    this.forms.push(folded);
    for (let i = 0; i + WINDOW <= folded.length; i++) {
      const run = folded.slice(i, i + WINDOW);
      if (!(words && /^[a-z]+$/.test(run))) this.windows.add(run);
    }
  }

  /**
   * Blanks each secret in every string of an event, the event changed in place (its callers hold it);
   * a nested object or array that changes is replaced by a copy, since some are shared and frozen
   * (explanations come from a cache).
   */
  blankEvent(event: object): void {
    if (this.forms.length === 0) return;
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

  /** The string with every run that is part of a secret's form replaced, overlapping runs as one. */
  private blankString(s: string): string {
    const folded = foldAscii(s);
    // hidden[i] > 0: character i is part of a secret.
    let hidden: Uint8Array | null = null;
    for (const form of this.forms) {
      for (let at = folded.indexOf(form); at !== -1; at = folded.indexOf(form, at + 1)) {
        (hidden ??= new Uint8Array(s.length)).fill(1, at, at + form.length);
      }
    }
    if (this.windows.size > 0) {
      for (let i = 0; i + WINDOW <= folded.length; i++) {
        if (this.windows.has(folded.slice(i, i + WINDOW))) (hidden ??= new Uint8Array(s.length)).fill(1, i, i + WINDOW);
      }
    }
    if (hidden === null) return s;
    let out = "";
    for (let i = 0; i < s.length; ) {
      if (hidden[i] === 0) {
        out += s[i++];
        continue;
      }
      while (i < s.length && hidden[i] === 1) i++;
      out += REDACTED;
    }
    return out;
  }
}
