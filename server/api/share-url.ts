/**
 * The origin the client used. Not `request.url`: behind the custom server Next builds that from its
 * own configured host and port, not from the request. The Host header only ever flows back to the
 * client that sent it, so trusting it here hands nobody else anything.
 */
export function requestOrigin(request: Request): string {
  const url = new URL(request.url);
  const host = request.headers.get("host");
  const proto = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
  const protocol = proto === "https" || proto === "http" ? `${proto}:` : url.protocol;
  return host && /^[A-Za-z0-9.:[\]-]+$/.test(host) ? `${protocol}//${host}` : url.origin;
}

/**
 * The absolute link to a session's share page: under HELODESK_PUBLIC_URL when the deployment sets
 * it (behind a proxy the Host header is the proxy's), otherwise under the origin the request used.
 */
export function shareUrl(request: Request, id: string, publicUrl?: string): string {
  const base = publicUrl ? publicUrl.replace(/\/+$/, "") : requestOrigin(request);
  return `${base}/t/${id}`;
}
