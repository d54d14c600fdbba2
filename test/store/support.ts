import type { Kysely, Migrator } from "kysely";
import type { SessionEvent } from "@/lib/schemas/events";
import { SessionRequest, toPublicRequest } from "@/lib/schemas/request";
import type { SessionDocument } from "@/lib/schemas/session";
import { newSessionId } from "@/server/engine/session";
import type { Database } from "@/server/store/schema";
import type { KyselySessionStore } from "@/server/store/session-store";
import type { SessionMeta, SessionStore } from "@/server/store/types";
import { hashDeleteToken } from "@/server/store/tokens";

/** One database for one test: open() opens it (again, after the last store was closed). */
export interface StoreHarness {
  open(): Promise<KyselySessionStore>;
  /** Runs the migrations again on an open store, as openStore does; returns the ones applied. */
  migrate(store: KyselySessionStore): Promise<string[]>;
  /** The store's own migrator, to step back to an older schema. */
  migrator(store: KyselySessionStore): Promise<Migrator>;
  dispose(): Promise<void>;
}

export const note = (seq: number, text = `event ${seq}`, t = seq * 10): SessionEvent =>
  ({ seq, t, dt: seq === 0 ? 0 : 10, type: "note", level: "info", code: "test", text });

/** A running session as the engine's first snapshot has it. */
export function runningDocument(overrides: Partial<SessionDocument> = {}): SessionDocument {
  return {
    version: 1,
    id: newSessionId(),
    target: "127.0.0.1",
    port: 2525,
    profile: "ehlo",
    // As JSON has it: no keys holding undefined, so toMatchObject compares like with like.
    request: JSON.parse(JSON.stringify(toPublicRequest(SessionRequest.parse({ target: "127.0.0.1", port: 2525 })))),
    startedAt: "2030-01-02T03:04:05.000Z",
    endedAt: null,
    state: "running",
    outcome: null,
    closeReason: null,
    events: [],
    checks: [],
    ...overrides,
  };
}

export const DELETE_TOKEN = "the-delete-token-shown-once";

export function meta(expiresAt = "2099-01-01T00:00:00.000Z"): SessionMeta {
  return { deleteTokenHash: hashDeleteToken(DELETE_TOKEN), expiresAt };
}

/** Every row of every table, for tests that look at what was written rather than what get() returns. */
export async function allRows(db: Kysely<Database>): Promise<Record<string, unknown>[]> {
  const tables = ["sessions", "events", "tombstones"] as const;
  const rows = await Promise.all(tables.map((t) => db.selectFrom(t).selectAll().execute()));
  return rows.flat() as Record<string, unknown>[];
}

/** Wraps a store so a test can await the moment a session's final state was written. */
export function finishAware(inner: SessionStore): { store: SessionStore; finished(id: string): Promise<void> } {
  const done = new Set<string>();
  const waiters = new Map<string, () => void>();
  const store: SessionStore = {
    create: (d, m) => inner.create(d, m),
    append: (id, e) => inner.append(id, e),
    finish: async (d) => {
      await inner.finish(d);
      done.add(d.id);
      waiters.get(d.id)?.();
    },
    get: (id) => inner.get(id),
    delete: (id, token) => inner.delete(id, token),
    markInterrupted: () => inner.markInterrupted(),
    purgeExpired: (now) => inner.purgeExpired(now),
    close: () => inner.close(),
  };
  const finished = (id: string) => new Promise<void>((resolve) => (done.has(id) ? resolve() : waiters.set(id, resolve)));
  return { store, finished };
}
