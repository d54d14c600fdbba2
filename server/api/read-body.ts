import { apiError } from "./respond";

/** A session request is small: the largest legal one (64 KiB body, 64 KiB CA) fits with room to spare. */
export const MAX_BODY_BYTES = 256 * 1024;

export type BodyResult = { ok: true; value: unknown } | { ok: false; response: Response };

/**
 * The body's bytes, or null when they pass maxBytes: counted as they stream, so a lying
 * Content-Length cannot get more through, and the rest is never read.
 */
export async function readBoundedBody(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer> | null> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) return null;
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => {});
        return null;
      }
      chunks.push(value);
    }
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return bytes;
}

/**
 * The request's JSON body, or the error response that says what is wrong with it: 415 for another
 * content type, 413 when too large (counted as it streams, so a lying Content-Length cannot get
 * more through), 400 when it is not JSON.
 */
export async function readJsonBody(request: Request, maxBytes = MAX_BODY_BYTES): Promise<BodyResult> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    return { ok: false, response: apiError(415, `send the body as JSON with "Content-Type: application/json" (got ${type ? `"${type.slice(0, 80)}"` : "none"})`) };
  }
  const bytes = await readBoundedBody(request, maxBytes);
  if (bytes === null) return { ok: false, response: apiError(413, `the body is larger than ${maxBytes / 1024} KiB: send a smaller request (the message body is at most 64 KiB)`) };
  const text = new TextDecoder("utf-8").decode(bytes);
  if (text.trim() === "") return { ok: false, response: apiError(400, "the body is empty: send a JSON object like {\"target\": \"example.com\"}") };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, response: apiError(400, `the body is not valid JSON: ${(err as Error).message}`) };
  }
}
