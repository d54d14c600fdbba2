"use client";

import type { SessionEvent } from "@/lib/schemas/events";
import type { Outcome } from "@/lib/schemas/session";
import { SessionEndMessage, SessionEventMessage } from "@/lib/socket-contract";
import { type ClientSocket, getSocket } from "./socket-client";
import { warmValidation } from "./warm-validation";

export interface LiveChannelHandlers {
  /** The session this page shows, its control token and the last seq already rendered. */
  current(): { id: string | null; token: string | null; lastSeq: number };
  /** A validated event of the current session, newer than lastSeq. */
  onEvent(event: SessionEvent): void;
  onEnd(outcome: Outcome | null): void;
  /** The socket connected, dropped, or failed to connect. */
  onConnected(connected: boolean): void;
}

export interface LiveChannel {
  socket: ClientSocket;
  detach(): void;
}

/**
 * The socket side of useLiveSession, in a chunk of its own: socket.io-client and the message schemas
 * load when a page first needs the socket (the test page: on the first interaction or Run), not
 * with the page. Messages are validated before use; a reconnect asks for the events after lastSeq.
 */
export function attachLive(handlers: LiveChannelHandlers): LiveChannel {
  const socket = getSocket();
  const onEvent = (raw: unknown) => {
    const parsed = SessionEventMessage.safeParse(raw);
    const now = handlers.current();
    if (!parsed.success || parsed.data.id !== now.id || parsed.data.event.seq <= now.lastSeq) return;
    handlers.onEvent(parsed.data.event);
  };
  const onEnd = (raw: unknown) => {
    const parsed = SessionEndMessage.safeParse(raw);
    if (parsed.success && parsed.data.id === handlers.current().id) handlers.onEnd(parsed.data.outcome);
  };
  const onConnect = () => {
    handlers.onConnected(true);
    const { id, token, lastSeq } = handlers.current();
    if (id) socket.emit("session:watch", { id, after: lastSeq, ...(token ? { token } : {}) }, () => {});
  };
  const onDisconnect = () => handlers.onConnected(false);
  const onConnectError = () => handlers.onConnected(false);
  // Closing the tab ends the SMTP session cleanly: the server QUITs and frees the socket.
  const onPageHide = () => {
    const { id, token } = handlers.current();
    if (id && token) socket.emit("session:cancel", { id, token }, () => {});
  };
  socket.on("session:event", onEvent);
  socket.on("session:end", onEnd);
  socket.on("connect", onConnect);
  socket.on("disconnect", onDisconnect);
  socket.on("connect_error", onConnectError);
  window.addEventListener("pagehide", onPageHide);
  if (socket.connected) handlers.onConnected(true);
  warmValidation();
  return {
    socket,
    detach() {
      socket.off("session:event", onEvent);
      socket.off("session:end", onEnd);
      socket.off("connect", onConnect);
      socket.off("disconnect", onDisconnect);
      socket.off("connect_error", onConnectError);
      window.removeEventListener("pagehide", onPageHide);
    },
  };
}
