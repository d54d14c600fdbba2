"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { flushSync } from "react-dom";
import type { SessionEvent } from "@/lib/schemas/events";
import type { SessionRequestInput } from "@/lib/schemas/request";
import type { Outcome } from "@/lib/schemas/session";
import type { FieldIssue, InputAck } from "@/lib/socket-contract";
import type { LiveChannel } from "./live-channel";
import type { ClientSocket } from "./socket-client";
import { UpdatePacer } from "./update-pacer";

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
  /** The socket has connected or failed to at least once: until then `connected` says nothing yet. */
  settled: boolean;
  /** Loads socket.io and connects, if not done yet: a page calls it on the first interaction. */
  open(): void;
  start(request: SessionRequestInput): Promise<boolean>;
  send(line: string): Promise<InputAck>;
  cancel(): void;
  /** Follow an existing session (a share link, or after a page reload). */
  watch(id: string): void;
  reset(): void;
}

export interface LiveSessionOptions {
  /**
   * "mount" (default) connects as the page loads; "demand" waits for open(), start() or watch(), so
   * a page that first shows only a form sends no socket.io code with it (docs/performance.md).
   */
  connect?: "mount" | "demand";
}

/**
 * A live session over socket.io. Events are validated before they are rendered, kept in order by seq
 * (duplicates from a replay are dropped), and a reconnect asks for exactly the events after the last
 * one seen, so no line is lost.
 */
export function useLiveSession({ connect = "mount" }: LiveSessionOptions = {}): LiveSession {
  const [status, setStatus] = useState<LiveStatus>("idle");
  const [id, setId] = useState<string | null>(null);
  const [deleteToken, setDeleteToken] = useState<string | null>(null);
  const [events, setEvents] = useState<SessionEvent[]>([]);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldIssue[]>([]);
  const [connected, setConnected] = useState(false);
  const [settled, setSettled] = useState(false);
  const channel = useRef<Promise<LiveChannel> | null>(null);
  // The channel once its chunk has loaded: start() emits through it in the click's own task.
  const attached = useRef<LiveChannel | null>(null);
  const current = useRef<{ id: string | null; token: string | null; lastSeq: number; replied?: boolean }>({ id: null, token: null, lastSeq: -1 });
  // When the events render (update-pacer.ts): the first reply on screen soonest.
  const pacer = useRef<UpdatePacer | null>(null);
  pacer.current ??= new UpdatePacer(flushSync);

  const socket = useCallback((): Promise<ClientSocket> => {
    if (!channel.current) {
      channel.current = import("./live-channel").then(({ attachLive }) =>
        attachLive({
          current: () => current.current,
          onEvent: (event) => {
            const first = event.type === "reply" && !current.current.replied;
            current.current.lastSeq = event.seq;
            const add = () => setEvents((prev) => [...prev, event]);
            if (!first) return pacer.current!.update(add);
            // The session's first reply (the greeting, usually) is rendered as its message arrives.
            current.current.replied = true;
            pacer.current!.firstReply(add);
          },
          onEnd: (ended) =>
            pacer.current!.update(() => {
              setOutcome(ended);
              setStatus("finished");
            }),
          onConnected: (up) => {
            setConnected(up);
            setSettled(true);
          },
        }),
      );
      const loading = channel.current;
      loading.then(
        (c) => {
          if (channel.current === loading) attached.current = c;
        },
        // A chunk that failed to load (the network dropped) is tried again on the next call.
        () => {
          channel.current = null;
        },
      );
    }
    return channel.current.then((c) => c.socket);
  }, []);

  useEffect(() => {
    if (connect === "mount") void socket();
    return () => {
      const open = channel.current;
      channel.current = null;
      attached.current = null;
      pacer.current?.drop();
      void open?.then((c) => c.detach());
    };
  }, [connect, socket]);

  const reset = useCallback(() => {
    // The last session's updates still waiting for a frame are not this one's.
    pacer.current!.drop();
    current.current = { id: null, token: null, lastSeq: -1 };
    setId(null);
    setDeleteToken(null);
    setEvents([]);
    setOutcome(null);
    setError(null);
    // The same empty list when there was none: the form's fields then do not re-render at Run.
    setFieldErrors((prev) => (prev.length === 0 ? prev : []));
    setStatus("idle");
  }, []);

  const start = useCallback(
    (request: SessionRequestInput) =>
      new Promise<boolean>((resolve) => {
        const emit = (io: ClientSocket) =>
          io.timeout(10_000).emit("session:start", request, (err, ack) => {
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
            current.current = { ...current.current, id: ack.id, token: ack.token };
            setId(ack.id);
            setDeleteToken(ack.deleteToken);
            setStatus((s) => (s === "finished" ? s : "running"));
            resolve(true);
          });
        // With the socket's chunk loaded, the request leaves before React renders "starting": the
        // server opens the connection while the page draws (docs/performance.md, first line). The ack
        // and the events come in later tasks, after this reset has rendered.
        const ready = attached.current;
        reset();
        setStatus("starting");
        if (ready) return void emit(ready.socket);
        void socket().then(emit).catch(() => {
          setStatus("error");
          setError("The HeloDesk page could not load what a test needs: check your connection and try again.");
          resolve(false);
        });
      }),
    [reset, socket],
  );

  const send = useCallback(
    (line: string) =>
      new Promise<InputAck>((resolve) => {
        const { id: sid, token } = current.current;
        if (!sid || !token) return resolve({ ok: false, error: "no session is running" });
        void socket().then((io) =>
          io.timeout(120_000).emit("session:input", { id: sid, token, line }, (err, ack) => resolve(err ? { ok: false, error: "no answer from the HeloDesk server" } : ack)),
        );
      }),
    [socket],
  );

  const cancel = useCallback(() => {
    const { id: sid, token } = current.current;
    if (sid && token) void socket().then((io) => io.emit("session:cancel", { id: sid, token }, () => {}));
  }, [socket]);

  const watch = useCallback((sid: string) => {
    pacer.current!.drop();
    current.current = { id: sid, token: null, lastSeq: -1 };
    setId(sid);
    setEvents([]);
    setStatus("running");
    void socket().then((io) =>
      io.emit("session:watch", { id: sid, after: -1 }, (ack) => {
        if (!ack.ok) {
          setStatus("error");
          setError(ack.error);
        }
      }),
    );
  }, [socket]);

  const open = useCallback(() => void socket(), [socket]);

  return { status, id, deleteToken, events, outcome, error, fieldErrors, connected, settled, open, start, send, cancel, watch, reset };
}
