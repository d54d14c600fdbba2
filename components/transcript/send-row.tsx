import { memo } from "react";
import { inert } from "@/lib/inert-text";
import type { SendEvent } from "@/lib/schemas/events";
import { LINE_TEXT, RowShell } from "./row-shell";

/** A line the client sent. AUTH secrets arrive already redacted; the lock says so. */
export const SendRow = memo(function SendRow({ event }: { event: SendEvent }) {
  const body = event.command === "DATA-LINE";
  return (
    <RowShell event={event} direction="client" label="Client:" tls={event.tls} attrs={{ "data-command": event.command, "data-secret": event.secret ? "true" : undefined }}>
      <span className="flex items-baseline gap-1.5">
        {event.secret ? (
          <span title="Secret: redacted before it left the server" className="shrink-0 self-center text-amber-800 dark:text-amber-300">
            <svg aria-hidden="true" viewBox="0 0 16 16" className="size-3.5">
              <path fill="currentColor" d="M5 7V5a3 3 0 0 1 6 0v2h.5A1.5 1.5 0 0 1 13 8.5v5a1.5 1.5 0 0 1-1.5 1.5h-7A1.5 1.5 0 0 1 3 13.5v-5A1.5 1.5 0 0 1 4.5 7H5Zm1.5 0h3V5a1.5 1.5 0 0 0-3 0v2Z" />
            </svg>
            <span className="sr-only">secret, redacted: </span>
          </span>
        ) : null}
        <span className={`${LINE_TEXT} ${body ? "text-slate-700 dark:text-slate-300" : "font-semibold text-sky-800 dark:text-sky-300"}`}>
          {inert(event.line)}
        </span>
      </span>
    </RowShell>
  );
});
