"use client";

import { type PointerEvent, useCallback, useEffect, useRef, useState } from "react";

const SHOW_DELAY_MS = 250;
const HIDE_DELAY_MS = 150;

/**
 * Hover-or-focus state for a tooltip that follows WCAG 1.4.13: it opens on hover (after a short
 * delay, so moving across the transcript does not flash tooltips) or at once on keyboard focus, stays
 * while the pointer is over the tooltip itself, and closes on Escape.
 */
export function useTooltip() {
  const [open, setOpen] = useState(false);
  const timer = useRef<number | undefined>(undefined);
  const schedule = useCallback((value: boolean, ms: number) => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => setOpen(value), ms);
  }, []);
  const show = useCallback(() => {
    window.clearTimeout(timer.current);
    setOpen(true);
  }, []);
  const close = useCallback(() => {
    window.clearTimeout(timer.current);
    setOpen(false);
  }, []);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  const anchorProps = {
    onPointerEnter: (e: PointerEvent) => {
      // A tap is not a hover: on touch screens the inline disclosure is the way in.
      if (e.pointerType !== "touch") schedule(true, SHOW_DELAY_MS);
    },
    onPointerLeave: () => schedule(false, HIDE_DELAY_MS),
    onFocus: show,
    onBlur: close,
  };
  const tooltipProps = { onPointerEnter: show, onPointerLeave: () => schedule(false, HIDE_DELAY_MS) };
  return { open, close, anchorProps, tooltipProps };
}
