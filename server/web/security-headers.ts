/**
 * Security headers. No node: imports: proxy.ts (pages) and the custom server (everything else) both
 * use them.
 */

export const NOSNIFF_HEADERS = { "X-Content-Type-Options": "nosniff" } as const;

/** On every response the custom server sends, pages, API, assets and /healthz alike. */
export const BASE_HEADERS = {
  ...NOSNIFF_HEADERS,
  // Page URLs carry the form (target, addresses): no other site learns them through Referer.
  "Referrer-Policy": "no-referrer",
  // For browsers without CSP frame-ancestors; pages also send frame-ancestors 'none'.
  "X-Frame-Options": "DENY",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
} as const;

/** For responses that are not pages (JSON, text): nothing in them may run or be framed. */
export const NON_PAGE_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * The pages' policy. Scripts: only those carrying this response's nonce, and what they load
 * ('strict-dynamic'); Next puts the nonce on its own scripts when it renders the page per request,
 * which is why every page is rendered dynamically. Styles: files from here and nonce-tagged <style>;
 * style attributes stay allowed (React writes widths and positions inline; they cannot run code).
 * No 'upgrade-insecure-requests': an internal deployment on plain http would lose its own scripts.
 */
export function pageCsp(nonce: string, options: { dev?: boolean } = {}): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ""}`,
    // In development Next injects styles without a nonce; a nonce would make browsers ignore 'unsafe-inline'.
    `style-src 'self' ${options.dev ? "'unsafe-inline'" : `'nonce-${nonce}'`}`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    // 'self' covers the socket.io websocket to the same host (CSP Level 3).
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** 128 random bits, base64: unguessable per response. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
