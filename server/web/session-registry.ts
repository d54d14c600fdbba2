import { randomBytes } from "node:crypto";
import type { SessionEvent } from "@/lib/schemas/events";
import type { SessionRequest } from "@/lib/schemas/request";
import type { FieldIssue } from "@/lib/socket-contract";
import { type Admission, type Admitter, type ClientInfo, admitAll } from "@/server/abuse/types";
import { refusedToConnect } from "@/server/engine/errors";
import { type EngineDeps, type Session, startSession } from "@/server/engine/session";
import { policyIssues } from "@/server/policy-issues";
import { hashDeleteToken } from "@/server/store/tokens";
import type { SessionStore } from "@/server/store/types";
import { logger } from "./logger";
import { persistSession } from "./persist-session";
import { CANCEL_REASONS } from "@/lib/cancel-reasons";

export interface RegisteredSession {
  session: Session;
  /** Given only to the creator: typing in the console and cancelling need it. */
  token: string;
  /** Cancels the session when its creator has been gone this long. */
  orphanTimer: NodeJS.Timeout | null;
  /** Each event as browsers may be sent it: once stored, when there is a store. */
  subscribe(listener: (event: SessionEvent) => void): () => void;
}

export type StartResult =
  | { ok: true; entry: RegisteredSession; /** Shown once to the creator; only its hash is stored. */ deleteToken: string }
  | Extract<Admission, { ok: false }>;

export interface RegistryOptions {
  /**
   * How long a finished session stays in memory for late viewers when there is no store. With a store,
   * a session leaves memory once its final state is committed (the store answers from then on) and
   * only its creator's token is kept this long, so the creator's page still gets its own view.
   */
  keepFinishedMs: number;
  /** How long a session survives its creator's disconnect (a reconnect within it keeps it). */
  orphanGraceMs: number;
  /** Share links last this many days unless the request says otherwise. */
  retentionDays: number;
}

export interface RegistryParts {
  deps: EngineDeps;
  store?: SessionStore;
  admitter?: Admitter;
}

const DEFAULTS: RegistryOptions = { keepFinishedMs: 30 * 60_000, orphanGraceMs: 15_000, retentionDays: 30 };

/** Sessions in this process, by id; each is admitted first and persisted event by event. */
export class SessionRegistry {
  private readonly sessions = new Map<string, RegisteredSession>();
  /** Sessions that left memory for the store: id to the creator's token, for keepFinishedMs. */
  private readonly stored = new Map<string, string>();
  readonly options: RegistryOptions;
  readonly store: SessionStore | undefined;
  private readonly deps: EngineDeps;
  private readonly admitter: Admitter;

  constructor(parts: RegistryParts, options: Partial<RegistryOptions> = {}) {
    this.deps = parts.deps;
    this.store = parts.store;
    this.admitter = parts.admitter ?? admitAll;
    this.options = { ...DEFAULTS, ...options };
  }

  async start(request: SessionRequest, client: ClientInfo): Promise<StartResult> {
    // Refused by the policy whatever DNS says: answered on its field, before any limit is counted.
    const issues = policyIssues(request, this.deps.policy);
    if (issues.length > 0) {
      const [first] = issues as [FieldIssue];
      return { ok: false, status: 403, error: refusedToConnect(first.path === "mx" ? request.mx! : request.target, first.message), issues };
    }
    const admission = await this.admitter.admit(request, client);
    if (!admission.ok) return admission;
    const session = startSession(request, admission.guard ? { ...this.deps, guard: admission.guard } : this.deps);
    const entry: RegisteredSession = { session, token: randomBytes(24).toString("base64url"), orphanTimer: null, subscribe: (l) => session.subscribe(l) };
    const deleteToken = randomBytes(24).toString("base64url");
    this.sessions.set(session.id, entry);
    // Whether the finished session is all in the store (never, without one).
    let inStore: Promise<boolean> = session.done.then(() => false, () => false);
    if (this.store) {
      // The deployment's retention is the longest a session is kept: a request may ask for fewer days.
      const days = Math.min(request.share.expiresInDays ?? Infinity, this.options.retentionDays);
      const expiresAt = new Date(Date.now() + days * 86_400_000).toISOString();
      const persisted = persistSession(session, this.store, { deleteTokenHash: hashDeleteToken(deleteToken), expiresAt });
      entry.subscribe = persisted.subscribe;
      inStore = persisted.done;
    }
    void session.done.finally(() => {
      admission.release();
      if (entry.orphanTimer) clearTimeout(entry.orphanTimer);
    }).catch((err: unknown) => logger.error({ err, id: session.id }, "session ended with an internal error"));
    // A finished session's log is the biggest thing a busy server holds: once the store has all of it,
    // the store answers and memory is freed at once, instead of after keepFinishedMs.
    void inStore.then((stored) => this.retire(session.id, entry, stored));
    return { ok: true, entry, deleteToken };
  }

  private retire(id: string, entry: RegisteredSession, inStore: boolean): void {
    if (this.sessions.get(id) !== entry) return; // removed (deleted) meanwhile
    if (inStore) this.keepToken(id, entry.token);
    else this.keepEntry(id, entry);
  }

  // Two methods, not two closures in one: closures made in one function share its scope, and a timer
  // that could reach `entry` would keep the whole session log alive for keepFinishedMs.
  private keepToken(id: string, token: string): void {
    this.sessions.delete(id);
    this.stored.set(id, token);
    setTimeout(() => {
      if (this.stored.get(id) === token) this.stored.delete(id);
    }, this.options.keepFinishedMs).unref();
  }

  private keepEntry(id: string, entry: RegisteredSession): void {
    setTimeout(() => {
      if (this.sessions.get(id) === entry) this.sessions.delete(id);
    }, this.options.keepFinishedMs).unref();
  }

  /** A finished session that left memory for the store: whether this token is its creator's. */
  storedCreator(id: string, token: string | undefined): boolean {
    return token !== undefined && this.stored.get(id) === token;
  }

  /** After a delete: cancels the session if it still runs and forgets it, so no late viewer can replay it. */
  remove(id: string): void {
    const entry = this.sessions.get(id);
    this.stored.delete(id);
    if (!entry) return;
    if (entry.orphanTimer) clearTimeout(entry.orphanTimer);
    entry.session.cancel(CANCEL_REASONS.deleted);
    this.sessions.delete(id);
  }

  get(id: string): RegisteredSession | undefined {
    return this.sessions.get(id);
  }

  /** The creator went away: cancel unless they come back within the grace period. */
  orphan(id: string): void {
    const entry = this.sessions.get(id);
    if (!entry || entry.orphanTimer || entry.session.document().state !== "running") return;
    const grace = `${Math.round(this.options.orphanGraceMs / 100) / 10} s`;
    entry.orphanTimer = setTimeout(() => entry.session.cancel(CANCEL_REASONS.orphaned(grace)), this.options.orphanGraceMs);
    entry.orphanTimer.unref();
  }

  adopt(id: string): void {
    const entry = this.sessions.get(id);
    if (entry?.orphanTimer) {
      clearTimeout(entry.orphanTimer);
      entry.orphanTimer = null;
    }
  }

  get running(): number {
    let n = 0;
    for (const e of this.sessions.values()) if (e.session.document().state === "running") n++;
    return n;
  }

  /** Cancels everything as the HeloDesk server shuts down: not the user's doing, and the record says so. */
  async closeAll(): Promise<void> {
    const all = [...this.sessions.values()];
    for (const e of all) e.session.cancel(CANCEL_REASONS.shutdown);
    await Promise.allSettled(all.map((e) => e.session.done));
  }
}
