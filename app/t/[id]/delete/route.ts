import { deleteWithToken } from "@/server/api/delete-session";
import { readBoundedBody } from "@/server/api/read-body";
import { appContext } from "@/server/web/app-context";

export const dynamic = "force-dynamic";

const MAX_FORM_BYTES = 4 * 1024;
const FORM_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

/**
 * The share page's delete form (a plain POST, no JavaScript). Answers with a 303 back to the link,
 * which then shows "deleted", or with the reason in the query when the token did not match.
 */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  let token: string | null = null;
  const type = request.headers.get("content-type") ?? "";
  if (FORM_TYPES.test(type)) {
    // The form holds one token: read no more than a few KiB of whatever is sent.
    const bytes = await readBoundedBody(request, MAX_FORM_BYTES);
    if (bytes === null) return new Response("The form is too large: it holds only the delete token.\n", { status: 413, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
    const form = await new Response(bytes, { headers: { "content-type": type } }).formData().catch(() => null);
    const value = form?.get("token");
    token = typeof value === "string" && value.trim() ? value.trim() : null;
  }
  const outcome = await deleteWithToken(appContext(), id, token);
  const back = new URL(`/t/${encodeURIComponent(id)}`, request.url);
  if (outcome === "forbidden" || outcome === "no-token") back.searchParams.set("delete", outcome);
  return new Response(null, { status: 303, headers: { location: `${back.pathname}${back.search}`, "cache-control": "no-store", "referrer-policy": "no-referrer" } });
}
