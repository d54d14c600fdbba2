"use client";

import type { SessionEvent } from "@/lib/schemas/events";
import type { Outcome } from "@/lib/schemas/session";
import { SessionEndMessage, SessionEventMessage } from "@/lib/socket-contract";
import { getSocket } from "./socket-client";

export interface FollowHandlers {
  /** The last seq already shown: a (re)connect asks for exactly the events after it. */
  lastSeq(): number;
  /** A validated event newer than lastSeq(), in order. */
  onEvent(event: SessionEvent): void;
  onEnd(outcome: Outcome | null): void;
  /** The server no longer has the session (ended long ago, or restarted): what is shown is final. */
  onGone(): void;
}

/**
 * Follows a session read-only (session:watch, then live events) until the returned function is
 * called. Pages that only sometimes follow live load this with import(): a share link of a finished
 * session then needs neither socket.io-client nor the zod schemas (docs/performance.md, page weight).
 */
export function followSession(id: string, handlers: FollowHandlers): () => void {
  const socket = getSocket();
  const onEvent = (raw: unknown) => {
    const parsed = SessionEventMessage.safeParse(raw);
    if (!parsed.success || parsed.data.id !== id || parsed.data.event.seq <= handlers.lastSeq()) return;
    handlers.onEvent(parsed.data.event);
  };
  const onEnd = (raw: unknown) => {
    const parsed = SessionEndMessage.safeParse(raw);
    if (parsed.success && parsed.data.id === id) handlers.onEnd(parsed.data.outcome);
  };
  const watch = () =>
    socket.emit("session:watch", { id, after: handlers.lastSeq() }, (ack) => {
      if (!ack.ok) handlers.onGone();
    });
  socket.on("session:event", onEvent);
  socket.on("session:end", onEnd);
  socket.on("connect", watch);
  if (socket.connected) watch();
  return () => {
    socket.off("session:event", onEvent);
    socket.off("session:end", onEnd);
    socket.off("connect", watch);
  };
}
