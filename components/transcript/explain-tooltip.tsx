"use client";

import { type ReactNode, type RefObject, useLayoutEffect, useRef, useState } from "react";
import { createPortal } from "react-dom";

interface ExplainTooltipProps {
  id: string;
  anchor: RefObject<HTMLElement | null>;
  onClose(): void;
  onPointerEnter(): void;
  onPointerLeave(): void;
  children: ReactNode;
}

const GAP = 6;
const MARGIN = 8;

/**
 * A tooltip rendered into <body> with fixed coordinates: the transcript scrolls inside its own box,
 * which would clip an absolutely positioned child, and a tooltip inside the role="log" region would
 * be announced as a new transcript line.
 */
export function ExplainTooltip({ id, anchor, onClose, onPointerEnter, onPointerLeave, children }: ExplainTooltipProps) {
  const box = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState<{ top: number; left: number } | null>(null);

  // Placed below the anchor, or above when there is no room; re-placed when anything scrolls (the
  // live transcript scrolls itself), closed once the anchor leaves the screen.
  useLayoutEffect(() => {
    const place = () => {
      const a = anchor.current?.getBoundingClientRect();
      const b = box.current;
      if (!a || !b) return;
      if (a.bottom < 0 || a.top > window.innerHeight) return onClose();
      const { offsetHeight: h, offsetWidth: w } = b;
      const fitsBelow = a.bottom + GAP + h <= window.innerHeight - MARGIN;
      const top = fitsBelow || a.top - GAP - h < MARGIN ? a.bottom + GAP : a.top - GAP - h;
      const left = Math.max(MARGIN, Math.min(a.left, window.innerWidth - w - MARGIN));
      setPos({ top, left });
    };
    const onScroll = (e: Event) => {
      if (!(e.target instanceof Node && box.current?.contains(e.target))) place();
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") onClose();
    };
    place();
    document.addEventListener("keydown", onKey);
    window.addEventListener("scroll", onScroll, true);
    window.addEventListener("resize", place);
    return () => {
      document.removeEventListener("keydown", onKey);
      window.removeEventListener("scroll", onScroll, true);
      window.removeEventListener("resize", place);
    };
  }, [anchor, onClose]);

  return createPortal(
    <div
      id={id}
      ref={box}
      role="tooltip"
      onPointerEnter={onPointerEnter}
      onPointerLeave={onPointerLeave}
      style={{ position: "fixed", top: pos?.top ?? 0, left: pos?.left ?? 0, visibility: pos ? "visible" : "hidden" }}
      className="z-50 max-h-[60vh] w-[min(26rem,calc(100vw-1rem))] overflow-y-auto rounded-lg border border-slate-200 bg-white p-3 shadow-lg dark:border-slate-700 dark:bg-slate-900"
    >
      {children}
    </div>,
    document.body,
  );
}
