import type { SessionEvent } from "@/lib/schemas/events";
import { SessionRequest, toPublicRequest } from "@/lib/schemas/request";
import type { SessionDocument } from "@/lib/schemas/session";
import { newSessionId } from "@/server/engine/session";
import type { SessionStore } from "@/server/store/types";
import { hashDeleteToken } from "@/server/store/tokens";

/** Events per finished session when a bench fills a store, as a deployment's would hold after some weeks. */
export const EVENTS_PER_STORED = 50;
export const BENCH_META = { deleteTokenHash: hashDeleteToken("bench-delete-token"), expiresAt: "2099-01-01T00:00:00.000Z" };
const REQUEST = toPublicRequest(SessionRequest.parse({ target: "127.0.0.1", port: 2525, profile: "interactive" }));
// About the size of a stored tick reply with its explanation (~600 characters of JSON).
const FILLER = "250 2.0.0 tick: the server answered a command the session did not send; ".repeat(7);

export const benchEvent = (seq: number): SessionEvent => ({ seq, t: seq * 100, dt: 100, type: "note", level: "info", code: "bench", text: `${seq} ${FILLER}` });

export function benchDocument(state: "running" | "finished", events: number): SessionDocument {
  return {
    version: 1,
    id: newSessionId(),
    target: "127.0.0.1",
    port: 2525,
    profile: "interactive",
    request: REQUEST,
    startedAt: new Date().toISOString(),
    endedAt: state === "finished" ? new Date().toISOString() : null,
    state,
    outcome: state === "finished" ? "pass" : null,
    closeReason: state === "finished" ? "quit" : null,
    events: Array.from({ length: events }, (_, i) => benchEvent(i)),
    checks: [],
  };
}

/** Stores `count` finished sessions of EVENTS_PER_STORED events each, 500 at a time; throws past `deadline`. */
export async function fillStore(store: SessionStore, count: number, deadline: number): Promise<void> {
  for (let i = 0; i < count; i += 500) {
    await Promise.all(Array.from({ length: Math.min(500, count - i) }, () => store.create(benchDocument("finished", EVENTS_PER_STORED), BENCH_META)));
    if (performance.now() > deadline) throw new Error(`filling the store with ${count} sessions passed its time limit`);
  }
}
