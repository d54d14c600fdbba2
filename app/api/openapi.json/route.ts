import { json } from "@/server/api/respond";
import { openApiDocument } from "@/server/api/openapi";
import { requestOrigin } from "@/server/api/share-url";

export const dynamic = "force-dynamic";

export function GET(request: Request): Response {
  return json(openApiDocument(requestOrigin(request)), 200, { "cache-control": "public, max-age=300" });
}
