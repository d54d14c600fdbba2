"use client";

import { useEffect, useState } from "react";
import { BUTTON } from "./styles";

type CopyState = "idle" | "copied" | "failed";

/** The Clipboard API needs a secure context; plain-http deployments fall back to execCommand. */
async function writeClipboard(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
  const area = document.createElement("textarea");
  const focused = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.append(area);
  area.select();
  const ok = document.execCommand("copy");
  area.remove();
  focused?.focus();
  if (!ok) throw new Error("copy refused");
}

interface CopyButtonProps {
  /** Called on click, so a long transcript is only turned into text when it is copied. */
  getText(): string;
  /** The visible label, e.g. "Copy raw". */
  label: string;
  /** Read after the label by screen readers, e.g. "transcript as sent on the wire". */
  srSuffix?: string;
}

/** Copies text and says so: the label turns into "Copied" for two seconds and a status is announced. */
export function CopyButton({ getText, label, srSuffix }: CopyButtonProps) {
  const [state, setState] = useState<CopyState>("idle");
  useEffect(() => {
    if (state === "idle") return;
    const timer = window.setTimeout(() => setState("idle"), 2000);
    return () => window.clearTimeout(timer);
  }, [state]);

  const copy = () => {
    writeClipboard(getText()).then(
      () => setState("copied"),
      () => setState("failed"),
    );
  };

  return (
    <>
      <button type="button" onClick={copy} data-state={state} className={BUTTON}>
        <svg aria-hidden="true" viewBox="0 0 16 16" className="size-4">
          {state === "copied" ? (
            <path d="m3 8.5 3 3 7-7" fill="none" stroke="currentColor" strokeWidth="1.75" />
          ) : (
            <path d="M5.5 5.5V3.5a1 1 0 0 1 1-1h6a1 1 0 0 1 1 1v6a1 1 0 0 1-1 1h-2m-7-5h6a1 1 0 0 1 1 1v6a1 1 0 0 1-1 1h-6a1 1 0 0 1-1-1v-6a1 1 0 0 1 1-1Z" fill="none" stroke="currentColor" strokeWidth="1.25" />
          )}
        </svg>
        {state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : label}
        {srSuffix && state === "idle" ? <span className="sr-only"> {srSuffix}</span> : null}
      </button>
      <span role="status" className="sr-only">
        {state === "copied" ? "Copied to the clipboard." : state === "failed" ? "Could not copy: the browser refused clipboard access." : ""}
      </span>
    </>
  );
}
