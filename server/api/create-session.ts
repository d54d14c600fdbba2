import { SessionRequest } from "@/lib/schemas/request";
import { fieldIssues, firstProblem } from "@/lib/socket-contract";
import type { AppContext } from "@/server/web/app-context";
import { clientIp } from "@/server/web/client-ip";
import { readJsonBody } from "./read-body";
import { apiError, json } from "./respond";
import { shareUrl } from "./share-url";
import { streamSession, wantsStream } from "./stream-session";

/**
 * POST /api/sessions: the same body as the socket.io start, validated by the same schema. Runs the
 * session to completion and answers 201 with the document as its creator sees it (unredacted), its
 * share URL and the delete token, shown this once. `?stream=ndjson` (or Accept: application/x-ndjson)
 * streams the events instead, as they happen.
 */
export async function createSession(request: Request, ctx: Pick<AppContext, "registry" | "config">): Promise<Response> {
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const parsed = SessionRequest.safeParse(body.value);
  if (!parsed.success) return apiError(400, firstProblem(parsed.error), { issues: fieldIssues(parsed.error) });
  if (parsed.data.profile === "interactive") {
    // One sentence for both, as for every other refusal: the field's issue says the whole of it.
    const message = "the interactive profile needs someone typing: use the console page or the socket.io API, or choose banner, ehlo, starttls, auth, relay or send";
    return apiError(400, message, { issues: [{ path: "profile", message }] });
  }
  const started = await ctx.registry.start(parsed.data, { ip: clientIp(request.headers), via: "rest" });
  if (!started.ok) return apiError(started.status, started.error, { retryAfterSec: started.retryAfterSec, issues: started.issues });

  const { session } = started.entry;
  const link = shareUrl(request, session.id, ctx.config.HELODESK_PUBLIC_URL);
  const created = { id: session.id, shareUrl: link, deleteToken: started.deleteToken };
  const location = { location: `/api/sessions/${session.id}` };
  if (wantsStream(request)) return streamSession(session, created, location, request.signal);

  // A client that hangs up does not need its answer: end the SMTP session with QUIT, as a closed tab does.
  const onAbort = () => session.cancel();
  request.signal.addEventListener("abort", onAbort, { once: true });
  const document = await session.done;
  request.signal.removeEventListener("abort", onAbort);
  // A limit per target address or network is known only once the name is resolved: refused like the
  // limits asked before the start (429, Retry-After), with the session that records it.
  const limited = session.limitRefusal;
  if (limited) {
    return apiError(429, limited.message, { retryAfterSec: limited.retryAfterSec, ...created, document });
  }
  return json({ ...created, document }, 201, location);
}
