/**
 * A 334 reply carries a base64 server challenge (RFC 4954 4). Decoding it shows a technician
 * what the server asks for: "Username:", a CRAM-MD5 nonce, or an XOAUTH2 error document.
 */

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Visible text only: no control characters besides tab, CR and LF. */
const NOT_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Base64 of UTF-8, decoded, control characters and all; null when it is not that. */
export function decodeBase64Utf8(value: string): string | null {
  const s = value.trim();
  // Some servers drop the padding; a length of 4n+1 cannot come from any byte string.
  if (s.length === 0 || s.length % 4 === 1 || !BASE64.test(s)) return null;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(atob(s), (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
}

/** The challenge as UTF-8 text; null when empty, not base64, or not text once decoded. */
export function decodeChallenge(challenge: string): string | null {
  const text = decodeBase64Utf8(challenge);
  return text !== null && text.length > 0 && !NOT_TEXT.test(text) ? text : null;
}

export type ChallengeKind = "username" | "password" | "cram-md5" | "oauth-error" | "text";

export interface ChallengeReading {
  kind: ChallengeKind;
  /** One plain sentence on what the server asks for. */
  hint: string;
}

interface OAuthError {
  status?: unknown;
  scope?: unknown;
  schemes?: unknown;
}

/** XOAUTH2 and OAUTHBEARER (RFC 7628 3.2.2) report a refused token as a JSON document. */
function oauthError(text: string): OAuthError | null {
  if (!text.startsWith("{")) return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && "status" in value ? (value as OAuthError) : null;
  } catch {
    return null;
  }
}

function oauthHint(error: OAuthError): string {
  const status = typeof error.status === "string" || typeof error.status === "number" ? String(error.status) : "?";
  const why =
    status === "401"
      ? "the token is invalid, expired, or not for this account"
      : status === "400"
        ? "the request was malformed (wrong user name or token format)"
        : "the server refused the token";
  const scope = typeof error.scope === "string" && error.scope ? ` It needs the scope ${error.scope}.` : "";
  return (
    `An OAuth error, status ${status}: ${why}.${scope} ` +
    "The client must answer with an empty line; the server then sends the final failure (535 or 454)."
  );
}

/** What a decoded challenge asks for. */
export function readChallenge(text: string): ChallengeReading {
  const t = text.trim();
  if (/^user ?name:?$/i.test(t)) {
    return { kind: "username", hint: "AUTH LOGIN asks for the user name, sent as base64." };
  }
  if (/^password:?$/i.test(t)) {
    return { kind: "password", hint: "AUTH LOGIN asks for the password, sent as base64." };
  }
  if (/^<[^<>\s]+@[^<>\s]+>$/.test(t)) {
    return {
      kind: "cram-md5",
      hint: "A CRAM-MD5 challenge: the client answers with the user name and an HMAC-MD5 of this text keyed with the password.",
    };
  }
  const error = oauthError(t);
  if (error) return { kind: "oauth-error", hint: oauthHint(error) };
  return { kind: "text", hint: `The server's challenge reads "${t}".` };
}
