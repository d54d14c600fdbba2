import type { Kysely } from "kysely";
import { eventJson } from "@/lib/event-json";
import type { SessionEvent } from "@/lib/schemas/events";
import { SessionDocument } from "@/lib/schemas/session";
import type { Database, SessionRow } from "./schema";

type Db = Kysely<Database>;

/** Idempotent: an event already stored under its seq is left as it is. Skips a session that is gone. */
export async function insertEvents(db: Db, id: string, events: SessionEvent[]): Promise<void> {
  if (events.length === 0) return;
  const session = await db.selectFrom("sessions").select("key").where("id", "=", id).executeTakeFirst();
  if (!session) return;
  await db
    .insertInto("events")
    .values(events.map((e) => ({ session_key: session.key, seq: e.seq, json: eventJson(e) })))
    .onConflict((oc) => oc.columns(["session_key", "seq"]).doNothing())
    .execute();
}

/** Rows per INSERT: SQLite allows 32,766 bound values, PostgreSQL 65,535; three per row. */
const BATCH_ROWS = 500;

/**
 * Events of many sessions in one go (the caller wraps it in one transaction): one look-up of which
 * sessions still exist and one INSERT per 500 rows, instead of two queries and a commit per event.
 */
export async function insertEventBatch(db: Db, batch: ReadonlyArray<{ id: string; event: SessionEvent }>): Promise<void> {
  if (batch.length === 0) return;
  const ids = [...new Set(batch.map((b) => b.id))];
  const keys = new Map<string, number>();
  for (let i = 0; i < ids.length; i += BATCH_ROWS) {
    const rows = await db.selectFrom("sessions").select(["id", "key"]).where("id", "in", ids.slice(i, i + BATCH_ROWS)).execute();
    for (const r of rows) keys.set(r.id, r.key);
  }
  const values = batch.flatMap((b) => {
    const key = keys.get(b.id);
    return key === undefined ? [] : [{ session_key: key, seq: b.event.seq, json: eventJson(b.event) }];
  });
  for (let i = 0; i < values.length; i += BATCH_ROWS) {
    await db
      .insertInto("events")
      .values(values.slice(i, i + BATCH_ROWS))
      .onConflict((oc) => oc.columns(["session_key", "seq"]).doNothing())
      .execute();
  }
}

export async function removeSessions(db: Db, ids: string[], reason: "expired" | "deleted", now = new Date()): Promise<void> {
  if (ids.length === 0) return;
  await db
    .deleteFrom("events")
    .where("session_key", "in", db.selectFrom("sessions").select("key").where("id", "in", ids))
    .execute();
  await db.deleteFrom("sessions").where("id", "in", ids).execute();
  await db
    .insertInto("tombstones")
    .values(ids.map((id) => ({ id, reason, removed_at: now.toISOString() })))
    .onConflict((oc) => oc.column("id").doNothing())
    .execute();
}

/** When an interrupted session last did something: its start plus the last event's monotonic offset. */
export async function lastEventTime(db: Db, key: number, startedAt: string): Promise<string> {
  const last = await db.selectFrom("events").select("json").where("session_key", "=", key).orderBy("seq", "desc").limit(1).executeTakeFirst();
  const t = last ? (JSON.parse(last.json) as { t?: number }).t ?? 0 : 0;
  return new Date(Date.parse(startedAt) + t).toISOString();
}

export function toDocument(row: SessionRow, events: string[]): SessionDocument {
  const parsed = SessionDocument.safeParse({
    version: 1,
    id: row.id,
    target: row.target,
    port: row.port,
    profile: row.profile,
    request: JSON.parse(row.request_json),
    startedAt: row.started_at,
    endedAt: row.ended_at,
    state: row.state,
    outcome: row.outcome,
    closeReason: row.close_reason,
    events: events.map((e) => JSON.parse(e)),
    checks: JSON.parse(row.checks_json),
  });
  if (!parsed.success) throw new Error(`stored session ${row.id} does not match the session schema: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  return parsed.data;
}
