import { memo } from "react";
import { inert } from "@/lib/inert-text";
import type { NoteEvent } from "@/lib/schemas/events";
import { RowShell } from "./row-shell";

const TEXT = {
  info: "text-slate-700 dark:text-slate-300",
  warn: "text-amber-900 dark:text-amber-100",
  error: "font-semibold text-red-800 dark:text-red-100",
} as const;

const LABEL = { info: "Note:", warn: "Warning:", error: "Error:" } as const;

/** The engine's own remarks; warnings tinted, errors impossible to miss. */
export const NoteRow = memo(function NoteRow({ event }: { event: NoteEvent }) {
  const direction = event.level === "info" ? "event" : event.level;
  return (
    <RowShell event={event} direction={direction} label={LABEL[event.level]} attrs={{ "data-level": event.level, "data-note": event.code }}>
      <p className={`text-xs leading-5 wrap-anywhere sm:text-sm ${TEXT[event.level]}`}>
        {event.level !== "info" ? <span aria-hidden="true" className="font-semibold">{event.level === "error" ? "Error: " : "Warning: "}</span> : null}
        {inert(event.text)}
      </p>
    </RowShell>
  );
});
