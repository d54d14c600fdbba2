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
import type { SessionRegistry } from "./session-registry";

type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents>;
export type IoServer = Server<ClientToServerEvents, ServerToClientEvents>;

export interface SocketServerOptions {
  registry: SessionRegistry;
  /** Largest payload accepted from a browser. */
  maxHttpBufferSize?: number;
}

/** Sends each event to the session's room as it happens; viewers join the room to follow. */
function broadcast(io: IoServer, registry: SessionRegistry, id: string): void {
  const entry = registry.get(id);
  if (!entry) return;
  // Events recorded before this subscription (the engine starts at once) go out first, in order.
  for (const event of entry.session.document().events) io.to(sessionRoom(id)).emit("session:event", { id, event });
  entry.session.subscribe((event) => {
    io.to(sessionRoom(id)).emit("session:event", { id, event });
    if (event.type === "close") io.to(sessionRoom(id)).emit("session:end", { id, outcome: entry.session.document().outcome });
  });
}

/**
 * The socket.io side of the dashboard. A factory that never listens: the caller owns the HTTP server,
 * so tests attach it to a server on port 0.
 */
export function createSocketServer(httpServer: HttpServer, options: SocketServerOptions): IoServer {
  const { registry } = options;
  const io: IoServer = new Server(httpServer, {
    maxHttpBufferSize: options.maxHttpBufferSize ?? 64 * 1024,
    serveClient: false,
  });

  io.on("connection", (socket: IoSocket) => {
    const owned = new Set<string>();
    // Unknown events are dropped; a missing ack function must not crash the handler.
    const safeAck = <T>(ack: unknown): ((r: T) => void) => (typeof ack === "function" ? (ack as (r: T) => void) : () => {});

    socket.on("session:start", (payload, ackFn) => {
      const ack = safeAck<Parameters<typeof ackFn>[0]>(ackFn);
      const parsed = StartPayload.safeParse(payload);
      if (!parsed.success) return ack({ ok: false, error: firstProblem(parsed.error), issues: fieldIssues(parsed.error) });
      void registry.start(parsed.data, { ip: socket.handshake.address, via: "socket" }).then((started) => {
        if (!started.ok) return ack({ ok: false, error: started.error, retryAfterSec: started.retryAfterSec });
        const { entry, deleteToken } = started;
        const id = entry.session.id;
        owned.add(id);
        void socket.join(sessionRoom(id));
        // The ack goes first so the browser knows the id before the first event arrives on the same socket.
        ack({ ok: true, id, token: entry.token, deleteToken });
        broadcast(io, registry, id);
      }, () => ack({ ok: false, error: "the session could not be started; try again" }));
    });

    socket.on("session:watch", (payload, ackFn) => {
      const ack = safeAck<Parameters<typeof ackFn>[0]>(ackFn);
      const parsed = WatchPayload.safeParse(payload);
      if (!parsed.success) return ack({ ok: false, error: firstProblem(parsed.error) });
      const entry = registry.get(parsed.data.id);
      if (!entry) return ack({ ok: false, error: "no such session: it has ended and is no longer kept, or the link is wrong" });
      if (parsed.data.token && parsed.data.token === entry.token) {
        owned.add(parsed.data.id);
        registry.adopt(parsed.data.id);
      }
      // Replay first, then join: a reconnecting browser gets exactly the events it missed.
      const doc = entry.session.document();
      for (const event of doc.events) {
        if (event.seq > parsed.data.after) socket.emit("session:event", { id: doc.id, event });
      }
      if (doc.state === "running") void socket.join(sessionRoom(doc.id));
      else socket.emit("session:end", { id: doc.id, outcome: doc.outcome });
      ack({ ok: true, state: doc.state === "running" ? "running" : "finished" });
    });

    socket.on("session:input", (payload, ackFn) => {
      const ack = safeAck<Parameters<typeof ackFn>[0]>(ackFn);
      const parsed = InputPayload.safeParse(payload);
      if (!parsed.success) return ack({ ok: false, error: firstProblem(parsed.error) });
      const entry = registry.get(parsed.data.id);
      if (!entry || entry.token !== parsed.data.token) return ack({ ok: false, error: "only the browser that started this session can type in it" });
      entry.session.input(parsed.data.line).then(
        (result) => ack(result.ok ? { ok: true, mode: result.mode, replyCode: result.reply?.code ?? null } : { ok: false, error: result.error }),
        () => ack({ ok: false, error: "the line could not be sent" }),
      );
    });

    socket.on("session:cancel", (payload, ackFn) => {
      const ack = safeAck<Parameters<typeof ackFn>[0]>(ackFn);
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
