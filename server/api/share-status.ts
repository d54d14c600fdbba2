import type { ServerResponse } from "node:http";
import type { SessionStore } from "@/server/store/types";
import { SESSION_ID } from "./load-session";

const SHARE_PAGE = /^\/t\/([^/?#]+)\/?(?:[?#]|$)/;

/**
 * The status a share page must answer with when Next cannot set it: an App Router page renders with
 * 200, or 404 through notFound(), whose page Next does not render on the server (the body came out
 * empty without JavaScript). So the custom server asks the store first and presets 410 for an
 * expired or deleted session and 404 for an id that is malformed or unknown (and not running here),
 * and Next keeps a preset status while the page renders its "gone" or "not found" view under it.
 */
export async function shareStatus(
  store: Pick<SessionStore, "get">,
  method: string | undefined,
  url: string | undefined,
  running: (id: string) => boolean = () => false,
): Promise<404 | 410 | null> {
  if ((method !== "GET" && method !== "HEAD") || !url) return null;
  const segment = SHARE_PAGE.exec(url)?.[1];
  // Next decodes the segment before the page reads it: "%69cA…" is the page of "icA…".
  const id = segment === undefined ? undefined : decoded(segment);
  if (id === undefined) return null;
  if (!SESSION_ID.test(id)) return 404;
  // A store that cannot answer is the page's to report, not a 404.
  const stored = await store.get(id).catch(() => null);
  if (stored?.status === "expired" || stored?.status === "deleted") return 410;
  return stored?.status === "missing" && !running(id) ? 404 : null;
}

function decoded(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * Makes the response go out with `status` where Next would send 200. Next resets the status of an
 * App Router page while rendering, so presetting it is not enough; every header flush, explicit or
 * implicit, passes through writeHead. Redirects and errors Next sends keep their own status.
 */
export function pinStatus(res: ServerResponse, status: number): void {
  const writeHead = res.writeHead.bind(res) as (code: number, ...rest: unknown[]) => ServerResponse;
  res.statusCode = status;
  res.writeHead = ((code: number, ...rest: unknown[]) => writeHead(code === 200 ? status : code, ...rest)) as ServerResponse["writeHead"];
}
