import { useEffect, useRef } from "react";

const EVENTS = ["pointermove", "pointerdown", "keydown", "touchstart", "focusin", "wheel"] as const;

/**
 * Calls back once, on the first sign of a user on the page (a pointer, a key, focus, a wheel): the
 * moment to load what a test needs, so Run answers at once without the page sending it up front.
 */
export function useFirstInteraction(callback: () => void): void {
  const latest = useRef(callback);
  latest.current = callback;
  useEffect(() => {
    const once = () => {
      stop();
      latest.current();
    };
    const stop = () => EVENTS.forEach((e) => window.removeEventListener(e, once, true));
    EVENTS.forEach((e) => window.addEventListener(e, once, { capture: true, passive: true }));
    return stop;
  }, []);
}
