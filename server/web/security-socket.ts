import type { ServerOptions } from "socket.io";
import type { IoServer } from "./socket-server";
import { ACCESS_REFUSED, accessGranted } from "./security-access";
import { NOSNIFF_HEADERS } from "./security-headers";
import { type HostPolicy, hostAllowed, hostRefusal } from "./security-host";
import { originAllowed, originRefusal } from "./security-origin";

export interface SocketSecurity {
  /** Origins trusted besides the server's own (HELODESK_ALLOWED_ORIGINS). */
  allowedOrigins: string[];
  /** Events one connection may send per second; twice as many in a burst. */
  eventsPerSecond: number;
  /** When set, `session:start` needs the access cookie or bearer token. */
  accessToken?: string;
  /** The names this server answers to besides addresses and localhost (security-host.ts); none when unset. */
  hosts?: HostPolicy;
}

const NO_NAMES: HostPolicy = { names: new Set() };

export const DEFAULT_SOCKET_SECURITY: SocketSecurity = { allowedOrigins: [], eventsPerSecond: 20 };

/** The events the contract knows; anything else is dropped. */
const KNOWN_EVENTS = new Set(["session:start", "session:input", "session:cancel", "session:watch"]);

/** Options for `new Server(...)`: the Origin check runs before any handshake, for every transport. */
export function secureServerOptions(security: SocketSecurity): Partial<ServerOptions> {
  return {
    allowRequest: (req, callback) => {
      if (!hostAllowed(req.headers.host, security.hosts ?? NO_NAMES)) callback(hostRefusal(req.headers.host), false);
      else if (originAllowed(req, security.allowedOrigins)) callback(null, true);
      else callback(originRefusal(req.headers.origin), false);
    },
  };
}

/**
 * A token bucket per connection: each event takes a token, `eventsPerSecond` come back each second,
 * up to a burst of twice that. An event over the limit is dropped and its ack, if any, says so.
 */
function eventBucket(perSecond: number, now: () => number = Date.now) {
  const capacity = perSecond * 2;
  let tokens = capacity;
  let last = now();
  return {
    take(): number {
      const t = now();
      tokens = Math.min(capacity, tokens + ((t - last) / 1000) * perSecond);
      last = t;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - tokens) / perSecond));
    },
  };
}

/** Per-connection guards: unknown events dropped, an event rate limit, and the access token on start. */
export function hardenSocketServer(io: IoServer, security: SocketSecurity): void {
  io.engine.on("initial_headers", (headers: Record<string, string>) => Object.assign(headers, NOSNIFF_HEADERS));
  io.engine.on("headers", (headers: Record<string, string>) => Object.assign(headers, NOSNIFF_HEADERS));
  io.on("connection", (socket) => {
    const bucket = eventBucket(security.eventsPerSecond);
    socket.use(([event, ...args], next) => {
      const last = args[args.length - 1];
      const ack = typeof last === "function" ? (last as (r: unknown) => void) : () => {};
      // Every event takes a token, unknown ones too: a flood of made-up events costs its sender the same.
      const wait = bucket.take();
      if (wait > 0) {
        return ack({ ok: false, error: `too many messages on this connection: at most ${security.eventsPerSecond} a second; retry in ${wait} s`, retryAfterSec: wait });
      }
      if (!KNOWN_EVENTS.has(event)) return ack({ ok: false, error: `unknown event ${String(event).slice(0, 40)}: HeloDesk ignores it` });
      if (event !== "session:start" || !security.accessToken) return next();
      const { cookie, authorization } = socket.handshake.headers;
      void accessGranted(security.accessToken, { cookie, authorization }).then((ok) => (ok ? next() : ack({ ok: false, error: ACCESS_REFUSED })));
    });
  });
}
