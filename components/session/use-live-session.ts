"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { SessionEvent } from "@/lib/schemas/events";
import type { SessionRequestInput } from "@/lib/schemas/request";
import type { Outcome } from "@/lib/schemas/session";
import { type FieldIssue, type InputAck, SessionEndMessage, SessionEventMessage } from "@/lib/socket-contract";
import { getSocket } from "./socket-client";

export type LiveStatus = "idle" | "starting" | "running" | "finished" | "error";

export interface LiveSession {
  status: LiveStatus;
  id: string | null;
  /** Removes the stored session: shown to its creator once, never sent again by the server. */
  deleteToken: string | null;
  events: SessionEvent[];
  outcome: Outcome | null;
  /** A problem starting or talking to the session, as one sentence. */
  error: string | null;
  fieldErrors: FieldIssue[];
  /** The socket to the server is up. */
  connected: boolean;
  start(request: SessionRequestInput): Promise<boolean>;
  send(line: string): Promise<InputAck>;
  cancel(): void;
  /** Follow an existing session (a share link, or after a page reload). */
  watch(id: string): void;
  reset(): void;
}

/**
 * A live session over socket.io. Events are validated before they are rendered, kept in order by seq
 * (duplicates from a replay are dropped), and a reconnect asks for exactly the events after the last
 * one seen, so no line is lost.
 */
export function useLiveSession(): LiveSession {
  const [status, setStatus] = useState<LiveStatus>("idle");
  const [id, setId] = useState<string | null>(null);
  const [deleteToken, setDeleteToken] = useState<string | null>(null);
  const [events, setEvents] = useState<SessionEvent[]>([]);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldIssue[]>([]);
  const [connected, setConnected] = useState(false);
  const current = useRef<{ id: string | null; token: string | null; lastSeq: number }>({ id: null, token: null, lastSeq: -1 });

  useEffect(() => {
    const socket = getSocket();
    const onEvent = (raw: unknown) => {
      const parsed = SessionEventMessage.safeParse(raw);
      if (!parsed.success || parsed.data.id !== current.current.id) return;
      const event = parsed.data.event;
      if (event.seq <= current.current.lastSeq) return;
      current.current.lastSeq = event.seq;
      setEvents((prev) => [...prev, event]);
    };
    const onEnd = (raw: unknown) => {
      const parsed = SessionEndMessage.safeParse(raw);
      if (!parsed.success || parsed.data.id !== current.current.id) return;
      setOutcome(parsed.data.outcome);
      setStatus("finished");
    };
    const onConnect = () => {
      setConnected(true);
      const { id: sid, token, lastSeq } = current.current;
      if (sid) socket.emit("session:watch", { id: sid, after: lastSeq, ...(token ? { token } : {}) }, () => {});
    };
    const onDisconnect = () => setConnected(false);
    socket.on("session:event", onEvent);
    socket.on("session:end", onEnd);
    socket.on("connect", onConnect);
    socket.on("disconnect", onDisconnect);
    if (socket.connected) setConnected(true);
    // Closing the tab ends the SMTP session cleanly: the server QUITs and frees the socket.
    const onPageHide = () => {
      const { id: sid, token } = current.current;
      if (sid && token) socket.emit("session:cancel", { id: sid, token }, () => {});
    };
    window.addEventListener("pagehide", onPageHide);
    return () => {
      socket.off("session:event", onEvent);
      socket.off("session:end", onEnd);
      socket.off("connect", onConnect);
      socket.off("disconnect", onDisconnect);
      window.removeEventListener("pagehide", onPageHide);
    };
  }, []);

  const reset = useCallback(() => {
    current.current = { id: null, token: null, lastSeq: -1 };
    setId(null);
    setDeleteToken(null);
    setEvents([]);
    setOutcome(null);
    setError(null);
    setFieldErrors([]);
    setStatus("idle");
  }, []);

  const start = useCallback(
    (request: SessionRequestInput) =>
      new Promise<boolean>((resolve) => {
        reset();
        setStatus("starting");
        getSocket()
          .timeout(10_000)
          .emit("session:start", request, (err, ack) => {
            if (err) {
              setStatus("error");
              setError("The HeloDesk server did not answer: check your connection and try again.");
              return resolve(false);
            }
            if (!ack.ok) {
              setStatus("error");
              setError(ack.error);
              setFieldErrors(ack.issues ?? []);
              return resolve(false);
            }
            current.current = { id: ack.id, token: ack.token, lastSeq: current.current.lastSeq };
            setId(ack.id);
            setDeleteToken(ack.deleteToken);
            setStatus((s) => (s === "finished" ? s : "running"));
            resolve(true);
          });
      }),
    [reset],
  );

  const send = useCallback(
    (line: string) =>
      new Promise<InputAck>((resolve) => {
        const { id: sid, token } = current.current;
        if (!sid || !token) return resolve({ ok: false, error: "no session is running" });
        getSocket()
          .timeout(120_000)
          .emit("session:input", { id: sid, token, line }, (err, ack) => resolve(err ? { ok: false, error: "no answer from the HeloDesk server" } : ack));
      }),
    [],
  );

  const cancel = useCallback(() => {
    const { id: sid, token } = current.current;
    if (sid && token) getSocket().emit("session:cancel", { id: sid, token }, () => {});
  }, []);

  const watch = useCallback((sid: string) => {
    current.current = { id: sid, token: null, lastSeq: -1 };
    setId(sid);
    setEvents([]);
    setStatus("running");
    getSocket().emit("session:watch", { id: sid, after: -1 }, (ack) => {
      if (!ack.ok) {
        setStatus("error");
        setError(ack.error);
      }
    });
  }, []);

  return { status, id, deleteToken, events, outcome, error, fieldErrors, connected, start, send, cancel, watch, reset };
}
