import type { SessionEvent } from "@/lib/schemas/events";
import type { SessionDocument } from "@/lib/schemas/session";

/** What the store keeps beside the document: never a secret, only the delete token's hash. */
export interface SessionMeta {
  /** SHA-256 of the delete token (hex); the token itself is shown once to the creator and never stored. */
  deleteTokenHash: string;
  /** ISO 8601; the session and its link are purged after this. */
  expiresAt: string;
}

export type StoredSession =
  | { status: "found"; document: SessionDocument; meta: SessionMeta }
  /** Purged after its expiry: the link answers 410 "expired". */
  | { status: "expired" }
  /** Removed by its creator with the delete token: the link answers 410 "deleted", nothing else is kept. */
  | { status: "deleted" }
  | { status: "missing" };

export type DeleteResult = "deleted" | "missing" | "forbidden";

/**
 * Where sessions last. Every event is appended as it is streamed (not at the end), so a killed server
 * loses at most the event in flight. Implementations: SQLite (default) and PostgreSQL, one query layer.
 */
export interface SessionStore {
  /**
   * True when create, append and finish are committed in the order they are called, across sessions
   * (one writer, first in first out): an append may then follow its create without waiting for it.
   */
  readonly ordered?: boolean;
  /** The session as it starts: state running, no events yet (or the ones recorded so far). */
  create(document: SessionDocument, meta: SessionMeta): Promise<void>;
  /** One event, in seq order; calls for the same session are applied in the order made. */
  append(id: string, event: SessionEvent): Promise<void>;
  /** The final state: state, outcome, closeReason, endedAt, checks. Events already appended stay. */
  finish(document: SessionDocument): Promise<void>;
  /** The document validated against the SessionDocument schema, or why there is none. */
  get(id: string): Promise<StoredSession>;
  /** Deletes when the token matches the stored hash. */
  delete(id: string, deleteToken: string): Promise<DeleteResult>;
  /** At start: sessions left running by a previous process become interrupted; returns how many. */
  markInterrupted(): Promise<number>;
  /** Removes sessions whose expiresAt has passed, keeping a tombstone so their link answers 410; returns how many. */
  purgeExpired(now?: Date): Promise<number>;
  close(): Promise<void>;
}
