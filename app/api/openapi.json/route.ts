import { json } from "@/server/api/respond";
import { openApiDocument } from "@/server/api/openapi";
import { appContext } from "@/server/web/app-context";

export const dynamic = "force-dynamic";

/**
 * The server URL is HELODESK_PUBLIC_URL or "/" (relative to where the document was fetched), never the
 * request's Host header: the answer is cacheable, and a cache must not keep a host a client made up.
 */
export function GET(): Response {
  return json(openApiDocument(appContext().config.HELODESK_PUBLIC_URL ?? "/"), 200, { "cache-control": "public, max-age=300" });
}
