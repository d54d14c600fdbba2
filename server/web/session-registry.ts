import { randomBytes } from "node:crypto";
import type { SessionRequest } from "@/lib/schemas/request";
import { type EngineDeps, type Session, startSession } from "@/server/engine/session";

export interface RegisteredSession {
  session: Session;
  /** Given only to the creator: typing in the console and cancelling need it. */
  token: string;
  /** Cancels the session when its creator has been gone this long. */
  orphanTimer: NodeJS.Timeout | null;
}

export interface RegistryOptions {
  /** How long a finished session stays in memory for late viewers. */
  keepFinishedMs: number;
  /** How long a session survives its creator's disconnect (a reconnect within it keeps it). */
  orphanGraceMs: number;
}

/** Sessions in this process, by id. */
export class SessionRegistry {
  private readonly sessions = new Map<string, RegisteredSession>();

  constructor(
    private readonly deps: EngineDeps,
    readonly options: RegistryOptions = { keepFinishedMs: 30 * 60_000, orphanGraceMs: 15_000 },
  ) {}

  start(request: SessionRequest): RegisteredSession {
    const session = startSession(request, this.deps);
    const entry: RegisteredSession = { session, token: randomBytes(24).toString("base64url"), orphanTimer: null };
    this.sessions.set(session.id, entry);
    void session.done.finally(() => {
      if (entry.orphanTimer) clearTimeout(entry.orphanTimer);
      const timer = setTimeout(() => this.sessions.delete(session.id), this.options.keepFinishedMs);
      timer.unref();
    });
    return entry;
  }

  get(id: string): RegisteredSession | undefined {
    return this.sessions.get(id);
  }

  /** The creator went away: cancel unless they come back within the grace period. */
  orphan(id: string): void {
    const entry = this.sessions.get(id);
    if (!entry || entry.orphanTimer || entry.session.document().state !== "running") return;
    entry.orphanTimer = setTimeout(() => entry.session.cancel(), this.options.orphanGraceMs);
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

  /** Cancels everything, e.g. on shutdown. */
  async closeAll(): Promise<void> {
    const all = [...this.sessions.values()];
    for (const e of all) e.session.cancel();
    await Promise.allSettled(all.map((e) => e.session.done));
  }
}
