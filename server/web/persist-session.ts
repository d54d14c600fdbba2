import type { SessionEvent } from "@/lib/schemas/events";
import type { Session } from "@/server/engine/session";
import type { SessionMeta, SessionStore } from "@/server/store/types";
import { logger } from "./logger";

type Listener = (event: SessionEvent) => void;

export interface PersistedSession {
  /** Each event once the store has it (or has failed to take it), in order: what browsers are sent. */
  subscribe(listener: Listener): () => void;
  /** The final state is written (or its write failed). */
  done: Promise<void>;
}

/**
 * Appends each event to the store as it is streamed. The store writes the appends of every session
 * made in one event-loop turn together (one transaction instead of one per event), and listeners get
 * an event only after that write: a browser never sees an event a killed server has not stored.
 * A store failure is logged and never stops the SMTP session or its viewers.
 */
export function persistSession(session: Session, store: SessionStore, meta: SessionMeta): PersistedSession {
  const id = session.id;
  const fail = (what: string) => (err: unknown) => logger.error({ err, id }, `store: ${what} failed`);
  const listeners = new Set<Listener>();
  const deliver = (event: SessionEvent) => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch {
        // A failing listener (a gone socket) must not stop the others.
      }
    }
  };
  // The snapshot and the subscription are taken in the same tick: no event is missed or written twice.
  let created = false;
  const waiting: SessionEvent[] = [];
  // One delivery per write, not per event: events appended in one turn share their write's promise.
  let delivered: Promise<unknown> = Promise.resolve();
  let batch: { write: Promise<void>; count: number } | null = null;
  const append = (event: SessionEvent) => {
    const write = store.append(id, event);
    if (batch?.write === write) return void batch.count++;
    const mine = { write, count: 1 };
    batch = mine;
    delivered = Promise.all([delivered, write.catch(fail("append"))]).then(() => {
      if (batch === mine) batch = null;
      for (const e of waiting.splice(0, mine.count)) deliver(e);
    });
  };
  delivered = store.create(session.document(), meta).catch(fail("create")).then(() => {
    created = true;
    delivered = Promise.resolve();
    for (const e of [...waiting]) append(e);
  });
  session.subscribe((event) => {
    waiting.push(event);
    if (created) append(event);
  });
  // Every delivery so far, including ones chained while waiting: the final state is written last.
  const settled = async () => {
    let seen: Promise<unknown>;
    do {
      seen = delivered;
      await seen;
    } while (seen !== delivered);
  };
  const done = session.done.then(
    (doc) => settled().then(() => store.finish(doc)).catch(fail("finish")),
    fail("session"),
  );
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    done,
  };
}
