import { dropEventJson, keepEventJson } from "@/lib/event-json";
import type { SessionEvent } from "@/lib/schemas/events";
import type { Session } from "@/server/engine/session";
import type { SessionMeta, SessionStore } from "@/server/store/types";
import { logger } from "./logger";

type Listener = (event: SessionEvent) => void;
type AfterWrite = (err: unknown) => void;

/**
 * What waits on each store write. The store shares one write among every session appending in a
 * turn: one then() per write instead of a promise chain per session keeps a thousand live sessions
 * from making a thousand promises per turn for the garbage collector.
 */
const afterWrites = new WeakMap<Promise<void>, AfterWrite[]>();
function afterWrite(write: Promise<void>, callback: AfterWrite): void {
  const known = afterWrites.get(write);
  if (known) return void known.push(callback);
  const callbacks = [callback];
  afterWrites.set(write, callbacks);
  const run = (err: unknown) => {
    // Let go of the callbacks once run: the store may keep its last write's promise (and so this
    // entry of the WeakMap) until its next write, and they reach their sessions' logs.
    afterWrites.delete(write);
    for (const c of callbacks.splice(0)) c(err);
  };
  write.then(() => run(undefined), (err: unknown) => run(err ?? new Error("the store write failed")));
}

export interface PersistedSession {
  /** Each event once the store has it (or has failed to take it), in order: what browsers are sent. */
  subscribe(listener: Listener): () => void;
  /** The final state is written: true once committed, false if a write failed (logged). */
  done: Promise<boolean>;
}

/**
 * Appends each event to the store as it is streamed. The store writes the appends of every session
 * made in one event-loop turn together (one transaction instead of one per event), and listeners get
 * an event only after that write: a browser never sees an event a killed server has not stored.
 * A store failure is logged and never stops the SMTP session or its viewers.
 */
export function persistSession(session: Session, store: SessionStore, meta: SessionMeta): PersistedSession {
  const id = session.id;
  // Any failed write means the store's copy may be incomplete: done then says so.
  let failed = false;
  const fail = (what: string) => (err: unknown) => {
    failed = true;
    logger.error({ err, id }, `store: ${what} failed`);
  };
  const listeners = new Set<Listener>();
  const deliver = (event: SessionEvent) => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch {
        // A failing listener (a gone socket) must not stop the others.
      }
    }
    dropEventJson(event);
  };
  // The snapshot and the subscription are taken in the same tick: no event is missed or written twice.
  let created = false;
  // A store that commits in call order takes appends at once: an append's commit then says its
  // session's row is committed too. Otherwise appends wait for the create (a PostgreSQL pool).
  let appending = store.ordered === true;
  const waiting: SessionEvent[] = [];
  // Writes not yet delivered, in the order made: events appended in one turn share their write.
  const pending: Array<{ write: Promise<void>; count: number; settled: boolean }> = [];
  const idle: Array<() => void> = [];
  const checkIdle = () => {
    if (created && pending.length === 0) for (const resolve of idle.splice(0)) resolve();
  };
  const append = (event: SessionEvent) => {
    const write = store.append(id, event);
    const last = pending.at(-1);
    if (last?.write === write) return void last.count++;
    const entry = { write, count: 1, settled: false };
    pending.push(entry);
    afterWrite(write, (err) => {
      if (err !== undefined) fail("append")(err);
      entry.settled = true;
      // Writes may settle out of order (a PostgreSQL pool): deliver only from the oldest on.
      while (pending[0]?.settled) for (const e of waiting.splice(0, pending.shift()!.count)) deliver(e);
      checkIdle();
    });
  };
  void store.create(session.document(), meta).catch(fail("create")).then(() => {
    created = true;
    if (!appending) {
      appending = true;
      for (const e of [...waiting]) append(e);
    }
    checkIdle();
  });
  session.subscribe((event) => {
    // Serialised once: for the store now and for the browsers once stored (event-encoder.ts).
    keepEventJson(event);
    waiting.push(event);
    if (appending) append(event);
  });
  // Every delivery so far, including ones made while waiting: the final state is written last.
  const settled = () => new Promise<void>((resolve) => {
    idle.push(resolve);
    checkIdle();
  });
  const done = session.done.then(
    (doc) =>
      settled()
        .then(() => store.finish(doc))
        .then(
          () => !failed,
          (err: unknown) => {
            fail("finish")(err);
            return false;
          },
        ),
    (err: unknown) => {
      fail("session")(err);
      return false;
    },
  );
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    done,
  };
}
