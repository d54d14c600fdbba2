import type { SessionEvent } from "@/lib/schemas/events";
import type { SessionDocument } from "@/lib/schemas/session";
import type { SessionStore } from "@/server/store/types";
import { meta, runningDocument } from "@/test/store/support";

/** Events per finished session when a bench fills a store, as a deployment's would hold after some weeks. */
export const EVENTS_PER_STORED = 50;
export const BENCH_META = meta();
// About the size of a stored tick reply with its explanation (~600 characters of JSON).
const FILLER = "250 2.0.0 tick: the server answered a command the session did not send; ".repeat(7);

export const benchEvent = (seq: number): SessionEvent => ({ seq, t: seq * 100, dt: 100, type: "note", level: "info", code: "bench", text: `${seq} ${FILLER}` });

/** A session as the store tests build it (test/store/support.ts), started now, with `events` bench events. */
export function benchDocument(state: "running" | "finished", events: number): SessionDocument {
  const now = new Date().toISOString();
  const ended = state === "finished" ? { state, outcome: "pass", closeReason: "quit", endedAt: now } as const : {};
  return runningDocument({ startedAt: now, events: Array.from({ length: events }, (_, i) => benchEvent(i)), ...ended });
}

/** Stores `count` finished sessions of EVENTS_PER_STORED events each, 500 at a time; throws past `deadline`. */
export async function fillStore(store: SessionStore, count: number, deadline: number): Promise<void> {
  for (let i = 0; i < count; i += 500) {
    await Promise.all(Array.from({ length: Math.min(500, count - i) }, () => store.create(benchDocument("finished", EVENTS_PER_STORED), BENCH_META)));
    if (performance.now() > deadline) throw new Error(`filling the store with ${count} sessions passed its time limit`);
  }
}
