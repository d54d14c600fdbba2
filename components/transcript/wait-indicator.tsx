"use client";

import { useEffect, useMemo, useState } from "react";
import type { SessionEvent } from "@/lib/schemas/events";
import { sessionView } from "@/lib/session-view";
import type { LiveStatus } from "@/components/session/use-live-session";
import { formatDeadline } from "./format-duration";

/** Most replies come in milliseconds; showing the bar for those would only make it flicker. */
const SHOW_AFTER_MS = 400;
const TICK_MS = 100;

/**
 * While the server is silent: what we wait for, for how long, and when we give up. The clock is
 * local (performance.now() from the moment the wait event arrived), since the event's `t` is the
 * server's clock. The role="status" region stays mounted so screen readers announce what fills it;
 * the ticking seconds are hidden from them so they are not read ten times a second.
 */
export function WaitIndicator({ events, status }: { events: readonly SessionEvent[]; status: LiveStatus }) {
  const waiting = useMemo(() => (status === "running" ? sessionView(events).waiting : null), [events, status]);
  const key = waiting ? `${waiting.since}|${waiting.awaiting}` : null;
  const [clock, setClock] = useState<{ key: string; arrival: number; now: number } | null>(null);

  useEffect(() => {
    if (!key) return;
    const arrival = performance.now();
    setClock({ key, arrival, now: arrival });
    const timer = window.setInterval(() => setClock({ key, arrival, now: performance.now() }), TICK_MS);
    return () => window.clearInterval(timer);
  }, [key]);

  const elapsed = clock && clock.key === key ? clock.now - clock.arrival : 0;
  const visible = waiting !== null && elapsed >= SHOW_AFTER_MS;
  const share = waiting && waiting.timeoutMs > 0 ? Math.min(1, elapsed / waiting.timeoutMs) : 0;
  const bar = share < 0.5 ? "bg-sky-600 dark:bg-sky-400" : share < 0.85 ? "bg-amber-500 dark:bg-amber-400" : "bg-red-600 dark:bg-red-400";

  return (
    <div role="status">
      {visible && waiting ? (
        <div data-testid="wait-indicator" className="mt-2 rounded-lg border border-slate-200 bg-white px-3 py-2 dark:border-slate-800 dark:bg-slate-900">
          <p className="text-sm text-slate-800 dark:text-slate-200">
            <span className="mr-2 inline-block size-2 animate-pulse rounded-full bg-sky-600 motion-reduce:animate-none dark:bg-sky-400" aria-hidden="true" />
            Waiting for {waiting.awaiting}{" "}
            <span aria-hidden="true" className="font-mono tabular-nums">
              — {(elapsed / 1000).toFixed(1)} s,
            </span>
            {" "}
            <span className="text-slate-600 dark:text-slate-400">gives up at {formatDeadline(waiting.timeoutMs)}</span>
          </p>
          <div aria-hidden="true" className="mt-1.5 h-1.5 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800">
            <div className={`h-full origin-left rounded-full ${bar}`} style={{ transform: `scaleX(${share})` }} />
          </div>
        </div>
      ) : null}
    </div>
  );
}
