import type { FieldIssue } from "@/lib/socket-contract";

/**
 * Headers on everything that can carry a session: the id in the URL is a bearer token, so it must
 * not leak through a Referer, a search index or a shared cache.
 */
export const SHARE_HEADERS: Record<string, string> = {
  "cache-control": "no-store",
  "referrer-policy": "no-referrer",
  "x-robots-tag": "noindex",
  "x-content-type-options": "nosniff",
};

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(`${JSON.stringify(body, null, 2)}\n`, {
    status,
    headers: { ...SHARE_HEADERS, "content-type": "application/json; charset=utf-8", ...headers },
  });
}

export interface ApiErrorBody {
  status: number;
  error: string;
  issues?: FieldIssue[];
  retryAfterSec?: number;
}

/** Every API error has this shape: the status again, and one sentence that says what to fix. */
export function apiError(status: number, error: string, extra: Partial<Omit<ApiErrorBody, "status" | "error">> & Record<string, unknown> = {}): Response {
  const headers: Record<string, string> = {};
  if (extra.retryAfterSec !== undefined) headers["retry-after"] = String(Math.max(1, Math.ceil(extra.retryAfterSec)));
  const body: ApiErrorBody = { status, error, ...extra };
  return json(body, status, headers);
}

/** `attachment; filename="…"` for a download link; the name is ASCII already (exportFilename). */
export const attachment = (filename: string) => ({ "content-disposition": `attachment; filename="${filename}"` });

/** 405 in the API's own shape, with the Allow header RFC 9110 15.5.6 asks for. */
export function methodNotAllowed(allowed: readonly string[]): () => Response {
  return () => json({ status: 405, error: `this address takes ${allowed.join(" and ")} only` }, 405, { allow: allowed.join(", ") });
}
