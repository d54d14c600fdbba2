import type { Socket } from "socket.io";
import { createEventRedactor } from "@/lib/redaction";
import type { SessionDocument } from "@/lib/schemas/session";
import type { ClientToServerEvents, ServerToClientEvents, WatchAck } from "@/lib/socket-contract";
import type { SessionRegistry } from "./session-registry";

type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

const NO_SUCH_SESSION = "no such session: it has ended and is no longer kept, or the link is wrong";

const GONE: Record<"expired" | "deleted", string> = {
  expired: "this session has expired and is no longer kept",
  deleted: "this session was deleted by its creator",
};

/** A session's events after `after`, to one socket: as recorded for its creator, redacted for anyone else. */
export function replayEvents(socket: IoSocket, doc: SessionDocument, asCreator: boolean, after: number): void {
  const events = asCreator ? doc.events : doc.events.flatMap(createEventRedactor(doc.request));
  for (const event of events) {
    if (event.seq > after) socket.emit("session:event", { id: doc.id, event });
  }
}

/**
 * session:watch for a finished session that has left memory for the store: its events after `after`
 * (redacted unless the token is its creator's), then its end, as a live session's replay would send
 * them. A session the store holds as still running belongs to no session in this process: not followable.
 */
export async function replayStored(socket: IoSocket, registry: SessionRegistry, watch: { id: string; after: number; token?: string }): Promise<WatchAck> {
  const store = registry.store;
  if (!store) return { ok: false, error: NO_SUCH_SESSION };
  const stored = await store.get(watch.id);
  if (stored.status === "expired" || stored.status === "deleted") return { ok: false, error: GONE[stored.status] };
  if (stored.status !== "found" || stored.document.state === "running") return { ok: false, error: NO_SUCH_SESSION };
  const doc = stored.document;
  replayEvents(socket, doc, registry.storedCreator(doc.id, watch.token), watch.after);
  socket.emit("session:end", { id: doc.id, outcome: doc.outcome });
  return { ok: true, state: "finished" };
}
