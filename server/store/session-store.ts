import { type Kysely, sql } from "kysely";
import { eventJson } from "@/lib/event-json";
import type { SessionEvent } from "@/lib/schemas/events";
import type { SessionDocument } from "@/lib/schemas/session";
import { insertEventBatch, insertEvents, lastEventTime, removeSessions, toDocument } from "./rows";
import type { Database, NewSessionRow } from "./schema";
import type { EventRow, SqliteWriter } from "./sqlite-writer";
import { deleteTokenMatches } from "./tokens";
import type { DeleteResult, SessionMeta, SessionStore, StoredSession } from "./types";

const finalColumns = (doc: SessionDocument) => ({
  state: doc.state,
  outcome: doc.outcome,
  close_reason: doc.closeReason,
  ended_at: doc.endedAt,
  checks_json: JSON.stringify(doc.checks),
});

const sessionRow = (doc: SessionDocument, meta: SessionMeta): NewSessionRow => ({
  id: doc.id,
  target: doc.target,
  port: doc.port,
  profile: doc.profile,
  started_at: doc.startedAt,
  expires_at: meta.expiresAt,
  delete_token_hash: meta.deleteTokenHash,
  request_json: JSON.stringify(doc.request),
  ...finalColumns(doc),
});

const eventRows = (events: SessionEvent[]): EventRow[] => events.map((e) => ({ seq: e.seq, json: eventJson(e) }));

const CLOSE_DRAIN_MS = 5000;

/** The store over Kysely: the same queries for SQLite and PostgreSQL; only the dialect differs. */
export class KyselySessionStore implements SessionStore {
  private readonly inFlight = new Set<Promise<unknown>>();
  private closed = false;
  /** Events waiting for the next batch write (see `append`), and that write. */
  private batch: Array<{ id: string; event: SessionEvent }> | null = null;
  private batchWritten: Promise<void> = Promise.resolve();
  /**
   * With the writer: per live session, the last seq handed to it, and the sessions whose write failed.
   * finish() then sends only the events never handed over (all of them after a failure) instead of
   * serialising the whole log again on the event loop.
   */
  private readonly handedOver = new Map<string, number>();
  private readonly failed = new Set<string>();
  private batchIds: string[] = [];

  /**
   * `writer` (SQLite) takes the writes live sessions make (create, append, finish) off the event loop;
   * the rare ones (delete, purge, markInterrupted) and reads stay on `db`. Without it, all go to `db`.
   * WAL lets `db` read while the writer writes; a rare write on `db` waits (busy_timeout) for the
   * writer's current transaction, a few milliseconds at most.
   */
  constructor(
    readonly db: Kysely<Database>,
    private readonly writer?: SqliteWriter,
  ) {}

  /** The writer thread commits its batches first in, first out; Kysely's pool (PostgreSQL) does not promise that. */
  get ordered(): boolean {
    return this.writer !== undefined;
  }

  create(doc: SessionDocument, meta: SessionMeta): Promise<void> {
    if (this.writer) {
      this.handedOver.set(doc.id, doc.events.at(-1)?.seq ?? -1);
      const id = doc.id;
      return this.track(() => this.writer!.write({ op: "create", row: sessionRow(doc, meta), events: eventRows(doc.events) }).catch((err: unknown) => {
        this.failed.add(id);
        throw err;
      }));
    }
    return this.track(async () => {
      await this.db.transaction().execute(async (tx) => {
        await tx.insertInto("sessions").values(sessionRow(doc, meta)).execute();
        await insertEvents(tx, doc.id, doc.events);
      });
    });
  }

  /**
   * Appends made in the same turn of the event loop, from any session, share one transaction: with a
   * thousand live sessions, a commit and two queries per event cost more than the sessions themselves
   * (docs/performance.md). Each promise settles when its batch is written.
   */
  append(id: string, event: SessionEvent): Promise<void> {
    if (this.writer) {
      if (this.closed) return Promise.reject(new Error("the session store is closed"));
      const written = this.writer.write({ op: "append", id, seq: event.seq, json: eventJson(event) });
      if (event.seq > (this.handedOver.get(id) ?? -1)) this.handedOver.set(id, event.seq);
      // One promise per turn's batch: tracked once, so close() waits for it without a Set entry per event.
      if (written !== this.batchWritten) {
        const ids: string[] = [];
        this.batchIds = ids;
        this.batchWritten = this.track(() => written);
        written.catch(() => {
          for (const i of ids) this.failed.add(i);
        });
      }
      this.batchIds.push(id);
      return written;
    }
    if (!this.batch) {
      const batch: Array<{ id: string; event: SessionEvent }> = [];
      this.batch = batch;
      this.batchWritten = this.track(async () => {
        await new Promise<void>((resolve) => setImmediate(resolve));
        this.batch = null;
        await this.db.transaction().execute((tx) => insertEventBatch(tx, batch));
      });
    }
    this.batch.push({ id, event });
    return this.batchWritten;
  }

  finish(doc: SessionDocument): Promise<void> {
    if (this.writer) {
      const last = this.failed.has(doc.id) ? -1 : (this.handedOver.get(doc.id) ?? -1);
      this.handedOver.delete(doc.id);
      this.failed.delete(doc.id);
      const missing = last < 0 ? doc.events : doc.events.filter((e) => e.seq > last);
      return this.track(() => this.writer!.write({ op: "finish", id: doc.id, final: finalColumns(doc), events: eventRows(missing) }));
    }
    return this.track(async () => {
      await this.db.transaction().execute(async (tx) => {
        const result = await tx.updateTable("sessions").set(finalColumns(doc)).where("id", "=", doc.id).executeTakeFirst();
        // Deleted meanwhile: nothing may come back. Otherwise fill in any event whose append failed.
        if (result.numUpdatedRows > 0n) await insertEvents(tx, doc.id, doc.events);
      });
    });
  }

  get(id: string, now = new Date()): Promise<StoredSession> {
    return this.track(async () => {
      const row = await this.db.selectFrom("sessions").selectAll().where("id", "=", id).executeTakeFirst();
      if (!row) {
        const tomb = await this.db.selectFrom("tombstones").select("reason").where("id", "=", id).executeTakeFirst();
        return tomb ? { status: tomb.reason } : { status: "missing" };
      }
      // Expired but not purged yet: the link is already gone for readers.
      if (row.expires_at <= now.toISOString()) return { status: "expired" };
      const events = await this.db.selectFrom("events").select("json").where("session_key", "=", row.key).orderBy("seq").execute();
      return { status: "found", document: toDocument(row, events.map((e) => e.json)), meta: { deleteTokenHash: row.delete_token_hash, expiresAt: row.expires_at } };
    });
  }

  delete(id: string, deleteToken: string): Promise<DeleteResult> {
    return this.track(() =>
      this.db.transaction().execute(async (tx) => {
        const row = await tx.selectFrom("sessions").select("delete_token_hash").where("id", "=", id).executeTakeFirst();
        if (!row) return "missing";
        if (!deleteTokenMatches(deleteToken, row.delete_token_hash)) return "forbidden";
        await removeSessions(tx, [id], "deleted");
        return "deleted";
      }),
    );
  }

  markInterrupted(): Promise<number> {
    return this.track(async () => {
      const running = await this.db.selectFrom("sessions").select(["id", "key", "started_at"]).where("state", "=", "running").execute();
      for (const { id, key, started_at } of running) {
        const endedAt = await lastEventTime(this.db, key, started_at);
        await this.db
          .updateTable("sessions")
          // No close event was recorded: the outcome is an error, its reason unknown.
          .set({ state: "interrupted", outcome: sql`coalesce(outcome, 'error')`, ended_at: endedAt })
          .where("id", "=", id)
          .where("state", "=", "running")
          .execute();
      }
      return running.length;
    });
  }

  purgeExpired(now = new Date()): Promise<number> {
    return this.track(() =>
      this.db.transaction().execute(async (tx) => {
        const expired = await tx.selectFrom("sessions").select("id").where("expires_at", "<=", now.toISOString()).execute();
        await removeSessions(tx, expired.map((r) => r.id), "expired", now);
        return expired.length;
      }),
    );
  }

  /** Lets writes already queued (the final state of sessions just cancelled) land before closing. */
  async close(): Promise<void> {
    const deadline = Date.now() + CLOSE_DRAIN_MS;
    do {
      await Promise.allSettled(this.inFlight);
      // A persisting session queues its next write when the previous one settles: give it a turn.
      await new Promise((resolve) => setImmediate(resolve));
    } while (this.inFlight.size > 0 && Date.now() < deadline);
    this.closed = true;
    await this.writer?.close();
    await this.db.destroy();
  }

  private track<T>(work: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error("the session store is closed"));
    const promise = work();
    this.inFlight.add(promise);
    promise.then(
      () => this.inFlight.delete(promise),
      () => this.inFlight.delete(promise),
    );
    return promise;
  }
}
