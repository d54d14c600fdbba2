import type { IncomingMessage } from "node:http";

/** The host:port a URL or Host header names, as URL parsing normalises it (default ports dropped). */
function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return null;
  }
}

/**
 * Whether a socket.io request may proceed. socket.io's `cors` option blocks nothing (a page from
 * another origin connects over websocket, and over polling its requests still run), so the Origin is
 * checked here: the server's own host (from the Host header) or a listed origin. No Origin at all is
 * let through: browsers send one on every websocket and cross-origin request, so only non-browser
 * clients (the CLI, scripts) and same-origin polling GETs lack it, and those cannot be a hostile page.
 */
export function originAllowed(req: Pick<IncomingMessage, "headers">, allowedOrigins: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (allowedOrigins.includes(origin.replace(/\/$/, ""))) return true;
  const host = req.headers.host;
  if (!host) return false;
  const own = hostOf(`http://${host}`);
  // Scheme is not compared: behind a TLS proxy the page is https while this server sees http.
  return own !== null && hostOf(origin) === own && /^https?:/i.test(origin);
}

export function originRefusal(origin: string | undefined): string {
  return `HeloDesk refuses socket connections from pages of other sites (origin ${origin ?? "unknown"}); its operator can list trusted origins in HELODESK_ALLOWED_ORIGINS`;
}
