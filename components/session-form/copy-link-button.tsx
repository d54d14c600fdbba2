import { useEffect, useState } from "react";
import { SECONDARY_BUTTON } from "./styles";

type CopyState = "idle" | "copied" | "failed";

/**
 * Copies a link that reopens the form filled in: what a help desk sends to a colleague. Named apart
 * from the share box's "Copy share link": this one carries the addresses and subject as typed, even
 * when the shared view hides them.
 */
export function CopyLinkButton({ href }: { href(): string }) {
  const [state, setState] = useState<CopyState>("idle");

  useEffect(() => {
    if (state === "idle") return;
    const timer = window.setTimeout(() => setState("idle"), 2500);
    return () => window.clearTimeout(timer);
  }, [state]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(new URL(href(), window.location.origin).toString());
      setState("copied");
    } catch {
      // The clipboard needs a secure context; the address bar holds the same link.
      setState("failed");
    }
  };

  return (
    <>
      <button type="button" className={SECONDARY_BUTTON} onClick={copy} data-testid="copy-link-button">
        Copy form link
      </button>
      <span role="status" className="text-sm text-slate-700 dark:text-slate-300">
        {state === "copied" ? "Form link copied: it fills in this form, addresses included (no password or token)." : state === "failed" ? "Could not copy: use the address bar." : ""}
      </span>
    </>
  );
}
