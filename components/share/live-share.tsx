"use client";

import { useEffect, useRef, useState } from "react";
import type { SessionEvent } from "@/lib/schemas/events";
import type { Outcome, SessionDocument } from "@/lib/schemas/session";
import { shareTitle } from "@/lib/exports/failing-step";
import { CANCEL_REASONS } from "@/lib/cancel-reasons";
import { ShareBody } from "./share-body";

interface LiveShareProps {
  /** The document as the server rendered it: the whole page works from this alone, without JavaScript. */
  initial: SessionDocument;
  /** Still running in the server: follow it over socket.io from the last event rendered. */
  live: boolean;
}

/**
 * A running share link's transcript, panels and verdict. Rendered on the server from the stored
 * document; in the browser the session is followed live (session:watch, replay after the last seq
 * rendered), read-only: a viewer never gets the control token.
 */
export function LiveShare({ initial, live }: LiveShareProps) {
  const [events, setEvents] = useState<SessionEvent[]>(initial.events);
  const [state, setState] = useState<SessionDocument["state"]>(initial.state);
  const [outcome, setOutcome] = useState<Outcome | null>(initial.outcome);
  const lastSeq = useRef(initial.events.at(-1)?.seq ?? -1);

  useEffect(() => {
    if (!live) return;
    let stop: (() => void) | null = null;
    let cancelled = false;
    // Loaded only for a running session: a finished one needs neither socket.io nor the schemas.
    void import("@/components/session/live-follow").then(({ followSession }) => {
      if (cancelled) return;
      stop = followSession(initial.id, {
        lastSeq: () => lastSeq.current,
        onEvent: (event) => {
          lastSeq.current = event.seq;
          setEvents((prev) => [...prev, event]);
        },
        onEnd: (ended) => {
          setOutcome(ended);
          setState("finished");
        },
        // The server no longer has it live (deleted, or the server restarted): what the server now
        // renders for this link is the truth (410 deleted, or the stored, final document).
        onGone: () => window.location.reload(),
      });
    });
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [initial.id, live]);

  // Deleted while open here: the page as the server now renders it says so (410), and shows nothing of it.
  const close = events.findLast((e) => e.type === "close");
  const deleted = live && close?.type === "close" && close.reason === "cancelled" && close.detail === CANCEL_REASONS.deleted;
  useEffect(() => {
    if (deleted) window.location.reload();
  }, [deleted]);

  // The tab's title is the server's "… — test running" until the end: then it says how it ended, as
  // the page rendered after a reload does (checks and close reason are in the events).
  useEffect(() => {
    if (!live || state === "running") return;
    const checks = events.flatMap((e) => (e.type === "check" ? [e.check] : []));
    document.title = shareTitle({ ...initial, events, state, outcome, checks, closeReason: close?.type === "close" ? close.reason : null }).title;
  }, [live, state, outcome, events, close, initial]);

  return <ShareBody state={state} outcome={outcome} events={events} />;
}
