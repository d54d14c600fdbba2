import type { AppContext } from "@/server/web/app-context";
import { SESSION_ID, loadSharedSession } from "./load-session";
import { notThere } from "./get-session";
import { apiError } from "./respond";

/**
 * The delete token from `X-Delete-Token: <token>`, else `Authorization: Bearer <token>`. The header
 * comes first: a private deployment (HELODESK_ACCESS_TOKEN) needs Authorization for its own token.
 */
export function deleteTokenOf(headers: Headers): string | null {
  const header = headers.get("x-delete-token")?.trim();
  if (header) return header;
  const auth = headers.get("authorization");
  return (auth ? /^Bearer\s+(\S+)\s*$/i.exec(auth)?.[1] : undefined) ?? null;
}

export type DeleteOutcome = "deleted" | "forbidden" | "no-token" | "expired" | "already-deleted" | "missing";

/**
 * Deletes a session with the token its creator got once. A session still running is cancelled too:
 * deleting means nobody follows it any more. Used by the API and by the share page's delete form.
 */
export async function deleteWithToken(ctx: Pick<AppContext, "store" | "registry">, id: string, token: string | null): Promise<DeleteOutcome> {
  if (!token) return "no-token";
  const shared = await loadSharedSession(ctx, id);
  if (shared.status === "expired") return "expired";
  if (shared.status === "deleted") return "already-deleted";
  if (shared.status === "missing" || !SESSION_ID.test(id)) return "missing";
  const result = await ctx.store.delete(id, token);
  if (result === "deleted") ctx.registry.remove(id);
  return result;
}

/** DELETE /api/sessions/<id>: 204 when deleted; 401 without a token, 403 with a wrong one. */
export async function deleteSession(request: Request, ctx: Pick<AppContext, "store" | "registry">, id: string): Promise<Response> {
  const outcome = await deleteWithToken(ctx, id, deleteTokenOf(request.headers));
  switch (outcome) {
    case "deleted":
      return new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
    case "no-token":
      return apiError(401, "send the delete token you got when the session started, as \"X-Delete-Token: <token>\" (or \"Authorization: Bearer <token>\")");
    case "forbidden":
      return apiError(403, "the delete token does not match this session: use the token shown when it started");
    case "expired":
      return notThere("expired");
    case "already-deleted":
      return notThere("deleted");
    case "missing":
      return notThere("missing");
  }
}
