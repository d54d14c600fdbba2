/**
 * Optional access control for internal deployments (HELODESK_ACCESS_TOKEN). The simplest safe flow:
 * the operator hands out a link with `?token=…`; the first visit swaps it for an HttpOnly cookie and
 * redirects to the same URL without it (so it leaves the address bar, history and Referer). Scripts
 * and the CLI send `Authorization: Bearer …` instead. Share links stay readable by whoever holds them.
 *
 * No node: imports: proxy.ts runs this too. Only Web Crypto.
 */
export const ACCESS_COOKIE = "helodesk_access";
export const ACCESS_QUERY = "token";

const encoder = new TextEncoder();

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", encoder.encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The cookie's value: derived from the token, so the cookie jar never holds the token itself. */
export function accessCookieValue(token: string): Promise<string> {
  return sha256(`helodesk-access:${token}`);
}

/** Compares digests, so the time taken says nothing about how much of a guess was right. */
async function sameSecret(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([sha256(a), sha256(b)]);
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= x.charCodeAt(i) ^ y.charCodeAt(i);
  return diff === 0;
}

export function readCookie(header: string | null | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Whether a request carries the access cookie or the bearer token. Always true without a token set. */
export async function accessGranted(token: string | undefined, headers: { cookie?: string | null; authorization?: string | null }): Promise<boolean> {
  if (!token) return true;
  const bearer = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? "")?.[1];
  if (bearer && (await sameSecret(bearer, token))) return true;
  const cookie = readCookie(headers.cookie, ACCESS_COOKIE);
  return Boolean(cookie && (await sameSecret(cookie, await accessCookieValue(token))));
}

/** Paths anyone holding the link may read: a share page and the API's view of one session. */
export function isShareRead(method: string, pathname: string): boolean {
  if (method !== "GET" && method !== "HEAD") return false;
  return /^\/t\/[A-Za-z0-9_-]+(\/.*)?$/.test(pathname) || /^\/api\/sessions\/[A-Za-z0-9_-]+(\/[A-Za-z0-9._-]+)?$/.test(pathname);
}

export const ACCESS_REFUSED = "This HeloDesk is private: open it with the link its operator gave you (it ends in ?token=…), or send Authorization: Bearer <token>.";
