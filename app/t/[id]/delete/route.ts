import { deleteWithToken } from "@/server/api/delete-session";
import { appContext } from "@/server/web/app-context";

export const dynamic = "force-dynamic";

const FORM_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

/**
 * The share page's delete form (a plain POST, no JavaScript). Answers with a 303 back to the link,
 * which then shows "deleted", or with the reason in the query when the token did not match.
 */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  let token: string | null = null;
  if (FORM_TYPES.test(request.headers.get("content-type") ?? "")) {
    const value = (await request.formData().catch(() => null))?.get("token");
    token = typeof value === "string" && value.trim() ? value.trim() : null;
  }
  const outcome = await deleteWithToken(appContext(), id, token);
  const back = new URL(`/t/${encodeURIComponent(id)}`, request.url);
  if (outcome === "forbidden" || outcome === "no-token") back.searchParams.set("delete", outcome);
  return new Response(null, { status: 303, headers: { location: `${back.pathname}${back.search}`, "cache-control": "no-store", "referrer-policy": "no-referrer" } });
}
