"use client";

import { useEffect } from "react";
import { forgetSession } from "./browser-sessions";

/** A gone session leaves this browser's list too; renders nothing. */
export function ForgetSession({ id }: { id: string }) {
  useEffect(() => forgetSession(id), [id]);
  return null;
}
