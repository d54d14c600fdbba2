import { escalationNote, exportFilename, transcriptText } from "@/lib/exports";
import type { SessionDocument } from "@/lib/schemas/session";
import type { AppContext } from "@/server/web/app-context";
import { type SharedSession, loadSharedSession } from "./load-session";
import { SHARE_HEADERS, apiError, attachment, json } from "./respond";
import { shareUrl } from "./share-url";

export type SessionFormat = "json" | "txt" | "md";

const GONE: Record<"expired" | "deleted" | "missing", [number, string]> = {
  expired: [410, "this session has expired and was purged: share links last a limited number of days"],
  deleted: [410, "this session was deleted by the person who ran it"],
  missing: [404, "no session with this id: check the link (it is case-sensitive) or run the test again"],
};

/** The response for a session that is not there: 410 when it was, 404 when it never was. */
export function notThere(status: Exclude<SharedSession["status"], "found">): Response {
  const [code, message] = GONE[status];
  return apiError(code, message);
}

/**
 * GET /api/sessions/<id> (JSON), /transcript.txt and /transcript.md: the session as its share link
 * shows it, redacted as the creator chose. `?download=1` asks the browser to save it as a file.
 */
export async function getSession(request: Request, ctx: Pick<AppContext, "store" | "registry" | "config">, id: string, format: SessionFormat): Promise<Response> {
  const shared = await loadSharedSession(ctx, id);
  if (shared.status !== "found") return notThere(shared.status);
  const doc = shared.document;
  const download = new URL(request.url).searchParams.has("download") ? attachment(exportFilename(doc, format)) : {};
  if (format === "json") return json(doc, 200, download);
  const text = format === "txt" ? transcriptText(doc) : escalationNote(doc, { shareUrl: shareUrl(request, doc.id, ctx.config.HELODESK_PUBLIC_URL) });
  return new Response(text, { status: 200, headers: { ...SHARE_HEADERS, "content-type": `${format === "txt" ? "text/plain" : "text/markdown"}; charset=utf-8`, ...download } });
}

export type { SessionDocument };
