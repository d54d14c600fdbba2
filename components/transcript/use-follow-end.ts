"use client";

import { useLayoutEffect, useRef, useState } from "react";

/** Within this many pixels of the bottom counts as "following the newest line". */
const STICK_PX = 32;

/**
 * Keeps a scrolling box at its newest line while a session runs, unless the reader scrolled up
 * (then `unseen` says lines arrived below). Only the box scrolls, never the page. A stored session
 * opens at its first line; a live one is followed through its last lines, which may arrive in the
 * same render as the end. `count` is the number of lines or rows shown.
 */
export function useFollowEnd<E extends HTMLElement>(count: number, live: boolean) {
  const box = useRef<E>(null);
  const following = useRef(true);
  const [unseen, setUnseen] = useState(false);
  const wasLive = useRef(false);
  useLayoutEffect(() => {
    if (live) wasLive.current = true;
  }, [live]);
  // Reading scrollHeight lays the page out: done once per frame, in the frame that draws the new
  // lines, not once per commit (each event is one) before the line can be painted.
  const frame = useRef(0);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el || !wasLive.current) return;
    if (count === 0) {
      // A new test started: follow it from its first line.
      following.current = true;
      setUnseen(false);
    } else if (!following.current) setUnseen(true);
    else if (!frame.current) {
      frame.current = requestAnimationFrame(() => {
        frame.current = 0;
        if (following.current) el.scrollTop = el.scrollHeight;
      });
    }
  }, [count]);
  useLayoutEffect(() => () => cancelAnimationFrame(frame.current), []);

  const onScroll = () => {
    const el = box.current;
    if (!el) return;
    following.current = el.scrollHeight - el.scrollTop - el.clientHeight <= STICK_PX;
    if (following.current) setUnseen(false);
  };
  /** Back to the newest line, following again. */
  const jump = () => {
    const el = box.current;
    if (el) el.scrollTop = el.scrollHeight;
    following.current = true;
    setUnseen(false);
  };
  return { box, unseen, onScroll, jump };
}
