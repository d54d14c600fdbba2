"use client";

import { useEffect } from "react";
import { hasBrowserSessions, loadBrowserSessions } from "./browser-sessions-store";

/** A gone session leaves this browser's list too; renders nothing. */
export function ForgetSession({ id }: { id: string }) {
  useEffect(() => {
    if (hasBrowserSessions()) void loadBrowserSessions().then(({ forgetSession }) => forgetSession(id));
  }, [id]);
  return null;
}
