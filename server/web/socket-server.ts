import type { Server as HttpServer } from "node:http";
import { Server, type Socket } from "socket.io";
import {
  CancelPayload,
  type ClientToServerEvents,
  InputPayload,
  type ServerToClientEvents,
  StartPayload,
  WatchPayload,
  fieldIssues,
  firstProblem,
  sessionRoom,
} from "@/lib/socket-contract";
import { createEventRedactor } from "@/lib/redaction";
import type { SessionEvent } from "@/lib/schemas/events";
import { DEFAULT_SOCKET_SECURITY, type SocketSecurity, hardenSocketServer, secureServerOptions } from "./security-socket";
import { clientAddress } from "./client-address";
import { eventParser } from "./event-encoder";
import { logger } from "./logger";
import { replayEvents, replayStored } from "./replay-stored";
import { roomSender } from "./room-sender";
import type { SessionRegistry } from "./session-registry";

export type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents>;
export type IoServer = Server<ClientToServerEvents, ServerToClientEvents>;

export interface SocketServerOptions {
  registry: SessionRegistry;
  /** Largest payload accepted from a browser. */
  maxHttpBufferSize?: number;
  /** Origin check, event rate limit, access token (server/web/security-socket.ts). */
  security?: SocketSecurity;
  /** HELODESK_TRUSTED_PROXIES: whose X-Forwarded-For names the client. */
  trustedProxies?: readonly string[];
}

/**
 * The largest valid start payload is a 64 Ki-character body plus a 64 KiB CA certificate; multi-byte
 * characters and JSON escapes make it bigger on the wire. Anything larger closes the connection.
 */
export const MAX_SOCKET_PAYLOAD_BYTES = 256 * 1024;

/** Viewers of a share link who are not its creator: they get events redacted as the creator chose. */
const viewerRoom = (id: string) => `${sessionRoom(id)}:viewers`;

/**
 * Sends each event to the session's rooms as it happens: the creator's room as recorded, the viewers'
 * room redacted. Set up at start, or by the first viewer of a session started elsewhere (the REST
 * API); `replay` sends what was recorded before the subscription, otherwise it only primes the redactor.
 */
function broadcast(io: IoServer, registry: SessionRegistry, id: string, broadcasting: Set<string>, replay: boolean): void {
  const entry = registry.get(id);
  if (!entry || broadcasting.has(id)) return;
  const doc = entry.session.document();
  if (doc.state !== "running" && !replay) return;
  broadcasting.add(id);
  const redact = createEventRedactor(doc.request);
  const creators = roomSender(io, sessionRoom(id));
  const viewers = roomSender(io, viewerRoom(id));
  const emit = (event: SessionEvent, send: boolean) => {
    if (send) creators.send({ id, event });
    // The redactor sees every event (it holds body lines back), but copies one only for a viewer.
    if (!send || !viewers.watched) return void redact.pass(event);
    for (const e of redact(event)) viewers.send({ id, event: e });
  };
  // Events recorded before this subscription (the engine starts at once) go first, in order.
  for (const event of doc.events) emit(event, replay);
  // entry.subscribe delivers each event once stored, so it can still bring one replayed just above.
  let last = doc.events.at(-1)?.seq ?? -1;
  entry.subscribe((event) => {
    if (event.seq <= last) return;
    last = event.seq;
    emit(event, true);
    if (event.type === "close") {
      broadcasting.delete(id);
      io.to([sessionRoom(id), viewerRoom(id)]).emit("session:end", { id, outcome: entry.session.document().outcome });
    }
  });
}

/**
 * The socket.io side of the dashboard. A factory that never listens: the caller owns the HTTP server,
 * so tests attach it to a server on port 0.
 */
export function createSocketServer(httpServer: HttpServer, options: SocketServerOptions): IoServer {
  const { registry } = options;
  const broadcasting = new Set<string>();
  const security = options.security ?? DEFAULT_SOCKET_SECURITY;
  const io: IoServer = new Server(httpServer, {
    maxHttpBufferSize: options.maxHttpBufferSize ?? MAX_SOCKET_PAYLOAD_BYTES,
    serveClient: false,
    parser: eventParser,
    ...secureServerOptions(security),
  });
  hardenSocketServer(io, security);

  io.on("connection", (socket: IoSocket) => {
    const owned = new Set<string>();
    /**
     * Registers a handler that takes its ack from the last argument, whatever the arity: a call with no
     * payload or extra arguments still gets its answer, and a call without an ack cannot crash it.
     */
    const on = <E extends keyof ClientToServerEvents>(
      event: E,
      handler: (payload: unknown, ack: Parameters<ClientToServerEvents[E]>[1]) => void,
    ) => {
      (socket.on as (e: string, l: (...args: unknown[]) => void) => void)(event, (...args) => {
        const last = args[args.length - 1];
        const ack = (typeof last === "function" ? last : () => {}) as Parameters<ClientToServerEvents[E]>[1];
        handler(args.length > 0 && args[0] !== last ? args[0] : undefined, ack);
      });
    };

    on("session:start", (payload, ack) => {
      const parsed = StartPayload.safeParse(payload);
      if (!parsed.success) return ack({ ok: false, error: firstProblem(parsed.error), issues: fieldIssues(parsed.error) });
      void registry.start(parsed.data, { ip: clientAddress(socket.handshake.address, socket.handshake.headers["x-forwarded-for"], options.trustedProxies ?? []), via: "socket" }).then((started) => {
        if (!started.ok) return ack({ ok: false, error: started.error, retryAfterSec: started.retryAfterSec, issues: started.issues });
        const { entry, deleteToken } = started;
        const id = entry.session.id;
        // The browser left while the admitter was deciding: treat it as a creator gone away.
        if (!socket.connected) return registry.orphan(id);
        owned.add(id);
        void socket.join(sessionRoom(id));
        // The ack goes first so the browser knows the id before the first event arrives on the same socket.
        ack({ ok: true, id, token: entry.token, deleteToken });
        broadcast(io, registry, id, broadcasting, true);
      }, () => ack({ ok: false, error: "the session could not be started; try again" }));
    });

    on("session:watch", (payload, ack) => {
      const parsed = WatchPayload.safeParse(payload);
      if (!parsed.success) return ack({ ok: false, error: firstProblem(parsed.error) });
      const entry = registry.get(parsed.data.id);
      if (!entry) {
        // Finished and stored: the store answers (the registry frees a stored session's memory).
        void replayStored(socket, registry, parsed.data).then(ack, (err: unknown) => {
          logger.error({ err, id: parsed.data.id }, "store: reading a session to replay failed");
          ack({ ok: false, error: "the session could not be read from the store: try again" });
        });
        return;
      }
      const creator = Boolean(parsed.data.token) && parsed.data.token === entry.token;
      if (creator) {
        owned.add(parsed.data.id);
        registry.adopt(parsed.data.id);
      }
      broadcast(io, registry, parsed.data.id, broadcasting, false);
      // Replay first, then join: a reconnecting browser gets exactly the events it missed.
      const doc = entry.session.document();
      replayEvents(socket, doc, creator, parsed.data.after);
      if (doc.state === "running") void socket.join(creator ? sessionRoom(doc.id) : viewerRoom(doc.id));
      else socket.emit("session:end", { id: doc.id, outcome: doc.outcome });
      ack({ ok: true, state: doc.state === "running" ? "running" : "finished" });
    });

    on("session:input", (payload, ack) => {
      const parsed = InputPayload.safeParse(payload);
      if (!parsed.success) return ack({ ok: false, error: firstProblem(parsed.error) });
      const entry = registry.get(parsed.data.id);
      if (!entry || entry.token !== parsed.data.token) return ack({ ok: false, error: "only the browser that started this session can type in it" });
      entry.session.input(parsed.data.line).then(
        (result) => ack(result.ok ? { ok: true, mode: result.mode, replyCode: result.reply?.code ?? null } : { ok: false, error: result.error }),
        () => ack({ ok: false, error: "the line could not be sent" }),
      );
    });

    on("session:cancel", (payload, ack) => {
      const parsed = CancelPayload.safeParse(payload);
      if (!parsed.success) return ack({ ok: false, error: firstProblem(parsed.error) });
      const entry = registry.get(parsed.data.id);
      if (!entry || entry.token !== parsed.data.token) return ack({ ok: false, error: "only the browser that started this session can cancel it" });
      entry.session.cancel();
      ack({ ok: true });
    });

    socket.on("disconnect", () => {
      for (const id of owned) registry.orphan(id);
    });
  });

  return io;
}
