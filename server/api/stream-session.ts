import type { Session } from "@/server/engine/session";
import { SHARE_HEADERS } from "./respond";

export const NDJSON = "application/x-ndjson";

export function wantsStream(request: Request): boolean {
  const stream = new URL(request.url).searchParams.get("stream");
  return stream === "ndjson" || (request.headers.get("accept") ?? "").toLowerCase().includes(NDJSON);
}

/**
 * The session as NDJSON, one object a line, flushed as each event happens:
 * `{"kind":"started",id,shareUrl,deleteToken}` first (so a client that drops out still has its link),
 * then `{"kind":"event","event":…}` per event, then `{"kind":"document","document":…}`.
 */
export function streamSession(
  session: Session,
  created: { id: string; shareUrl: string; deleteToken: string },
  headers: Record<string, string>,
  signal: AbortSignal,
): Response {
  const encoder = new TextEncoder();
  const line = (value: unknown) => encoder.encode(`${JSON.stringify(value)}\n`);
  let stop: (() => void) | null = null;
  // Set when the client has gone: the stream is cancelled and writing to it would throw.
  let gone = false;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(line({ kind: "started", ...created }));
      // The snapshot and the subscription are taken in the same tick: no event is missed or sent twice.
      for (const event of session.document().events) controller.enqueue(line({ kind: "event", event }));
      stop = session.subscribe((event) => controller.enqueue(line({ kind: "event", event })));
      void session.done.then(
        (document) => {
          stop?.();
          if (gone) return;
          controller.enqueue(line({ kind: "document", document }));
          controller.close();
        },
        () => {
          if (!gone) controller.error(new Error("the session failed"));
        },
      );
    },
    cancel() {
      gone = true;
      stop?.();
      session.cancel();
    },
  });
  signal.addEventListener("abort", () => session.cancel(), { once: true });
  return new Response(body, { status: 201, headers: { ...SHARE_HEADERS, ...headers, "content-type": `${NDJSON}; charset=utf-8` } });
}
