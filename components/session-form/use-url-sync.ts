import { useEffect, useRef } from "react";
import type { FormValues } from "./form-values";
import { hrefFromValues } from "./url-state";

/**
 * Mirrors the form into the address bar, so the page can be reloaded or shared as it is. Uses
 * history.replaceState (Next's router follows it) rather than a navigation: no server round trip,
 * no scroll, no history entry per keystroke. Secrets never reach the URL: hrefFromValues leaves
 * them out.
 */
export function useUrlSync(values: FormValues, delayMs = 350): void {
  const first = useRef(true);
  useEffect(() => {
    const apply = () => {
      const { pathname, search, hash } = window.location;
      const href = hrefFromValues(pathname, values);
      if (href !== pathname + search) window.history.replaceState(null, "", href + hash);
    };
    // The first pass is immediate: it drops run=1 (a reload must not start again) and anything that
    // is not a form field, such as a password someone pasted into a link.
    if (first.current) {
      first.current = false;
      apply();
      return;
    }
    const timer = window.setTimeout(apply, delayMs);
    return () => window.clearTimeout(timer);
  }, [values, delayMs]);
}
