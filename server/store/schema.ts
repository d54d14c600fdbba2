import type { Generated, Insertable, Selectable } from "kysely";

/**
 * The tables as Kysely sees them. Times are ISO 8601 text and JSON is text in both dialects, so
 * SQLite and PostgreSQL return the same shapes and ISO strings compare in time order.
 */
export interface SessionsTable {
  /** Given by the database in creation order; events point at it (migration-session-key.ts says why). */
  key: Generated<number>;
  id: string;
  target: string;
  port: number;
  profile: string;
  state: string;
  outcome: string | null;
  close_reason: string | null;
  started_at: string;
  ended_at: string | null;
  expires_at: string;
  /** SHA-256 (hex) of the delete token; the token itself is never stored. */
  delete_token_hash: string;
  /** The public request (AUTH secrets already removed by toPublicRequest). */
  request_json: string;
  checks_json: string;
}

export interface EventsTable {
  session_key: number;
  seq: number;
  json: string;
}

/** What is left of a purged or deleted session: only that its link existed, so it answers 410. */
export interface TombstonesTable {
  id: string;
  reason: "expired" | "deleted";
  removed_at: string;
}

/** A session row as written (its key is the database's to give) and as read. */
export type NewSessionRow = Insertable<SessionsTable>;
export type SessionRow = Selectable<SessionsTable>;

export interface Database {
  sessions: SessionsTable;
  events: EventsTable;
  tombstones: TombstonesTable;
}
