import type { SessionRequest } from "@/lib/schemas/request";
import type { FieldIssue } from "@/lib/socket-contract";
import type { SessionGuard } from "@/server/engine/guard";

/** Who asks: the client's address (after trusted proxies) and, for sockets, the socket id. */
export interface ClientInfo {
  ip: string;
  via: "socket" | "rest";
}

export type Admission =
  | {
      ok: true;
      /** Called once when the session ends, to free its concurrency slot. */
      release: () => void;
      /** The limits the engine applies inside this session (console commands, addresses, message). */
      guard?: SessionGuard;
    }
  | { ok: false; status: 403 | 429 | 503; error: string; retryAfterSec?: number; /** A refusal a field of the request caused, shown on that field. */ issues?: FieldIssue[] };

/** Decides whether a session may start (rate limits, concurrency, per-target caps). */
export interface Admitter {
  admit(request: SessionRequest, client: ClientInfo): Promise<Admission>;
}

/** Lets everything in: for tests and the CLI, which runs one session for its own user. */
export const admitAll: Admitter = { admit: async () => ({ ok: true, release: () => {} }) };
