import { useEffect, useRef, useState } from "react";

/** A hidden tab runs no animation frames: the value still arrives, a little later. */
const FALLBACK_MS = 100;

/**
 * The value, one painted frame late: what a page shows beside a live transcript (the panels, the
 * verdict, the share box) renders in a task after the frame that shows the new line, not in the same
 * commit, so the line is on screen sooner (docs/performance.md, first line). A burst of changes
 * renders once, with the newest value. `useDeferredValue` does not do this: React renders the
 * deferred pass right after the urgent one, usually before the browser paints.
 */
export function useAfterPaint<T>(value: T, now?: (value: T) => boolean): T {
  const [shown, setShown] = useState(value);
  const latest = useRef(value);
  // A value `now` accepts is shown in this render (React re-renders before committing), e.g. clearing
  // the last run's results at Run: done in the click's own commit, it is not in the way when the new
  // run's first lines arrive a frame later.
  if (now && !Object.is(shown, value) && now(value)) setShown(() => value);
  const pending = useRef<{ frame: number; timer: number } | null>(null);
  /** Stops the frame and the fallback timer; says whether anything was pending. */
  const cancel = () => {
    if (!pending.current) return false;
    cancelAnimationFrame(pending.current.frame);
    clearTimeout(pending.current.timer);
    pending.current = null;
    return true;
  };

  useEffect(() => {
    latest.current = value;
    if (pending.current || Object.is(shown, value)) return;
    const flush = () => {
      if (cancel()) setShown(() => latest.current);
    };
    // rAF runs just before the frame is drawn; a task queued from it runs after.
    const frame = requestAnimationFrame(() => setTimeout(flush, 0));
    pending.current = { frame, timer: window.setTimeout(flush, FALLBACK_MS) };
  }, [value, shown]);

  useEffect(() => () => void cancel(), []);

  return shown;
}
