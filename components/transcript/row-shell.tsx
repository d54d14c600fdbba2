import type { ReactNode } from "react";
import type { SessionEvent } from "@/lib/schemas/events";
import { formatDt, isoDuration } from "./format-duration";

export type Direction = "client" | "server" | "event" | "warn" | "error";

const GLYPH: Record<Direction, string> = { client: "→", server: "←", event: "·", warn: "!", error: "✕" };

const GLYPH_COLOR: Record<Direction, string> = {
  client: "text-sky-700 dark:text-sky-300",
  server: "text-violet-700 dark:text-violet-300",
  event: "text-slate-500 dark:text-slate-400",
  warn: "text-amber-800 dark:text-amber-300",
  error: "text-red-700 dark:text-red-300",
};

const ROW_TONE: Partial<Record<Direction, string>> = {
  warn: "bg-amber-50 dark:bg-amber-950/40",
  error: "bg-red-50 border-l-4 border-red-600 dark:bg-red-950/50 dark:border-red-500",
};

interface RowShellProps {
  event: SessionEvent;
  direction: Direction;
  /** What a screen reader says before the line: "Client:", "Server:", "DNS:". */
  label: string;
  tls?: boolean;
  attrs?: Record<`data-${string}`, string | number | undefined>;
  children: ReactNode;
}

/**
 * One transcript row: the time since the previous step, who spoke, whether it was inside TLS, and
 * the line itself. data-testid/data-kind are what the e2e tests select on.
 */
export function RowShell({ event, direction, label, tls = false, attrs, children }: RowShellProps) {
  return (
    <li
      data-testid="transcript-line"
      data-kind={event.type}
      data-seq={event.seq}
      data-tls={tls ? "true" : undefined}
      {...attrs}
      className={`grid grid-cols-[3.6rem_1.75rem_minmax(0,1fr)] items-baseline gap-x-1.5 px-2 py-1 sm:grid-cols-[4.5rem_3rem_minmax(0,1fr)] sm:gap-x-2 sm:px-3 ${ROW_TONE[direction] ?? ""}`}
    >
      <span className="text-right font-mono text-[11px] leading-5 text-slate-600 tabular-nums dark:text-slate-400" title={`${formatDt(event.dt)} after the previous step, ${formatDt(event.t)} since the start`}>
        <time dateTime={isoDuration(event.dt)}>{formatDt(event.dt)}</time>
        <span className="sr-only"> later, </span>
      </span>
      <span className="flex flex-col items-center leading-5 sm:flex-row sm:gap-1">
        <span aria-hidden="true" className={`font-mono text-sm font-bold ${GLYPH_COLOR[direction]}`}>
          {GLYPH[direction]}
        </span>
        <span className="sr-only">{label}</span>
        {tls ? (
          <span title="Inside TLS" className="text-[10px] leading-4 font-semibold text-emerald-800 dark:text-emerald-300">
            <span className="sr-only">(inside </span>TLS<span className="sr-only">)</span>
          </span>
        ) : null}
      </span>
      <div className="min-w-0">{children}</div>
    </li>
  );
}

/** The line text: monospace, wrapping anywhere so a long line never widens the page. */
export const LINE_TEXT = "font-mono text-xs leading-5 whitespace-pre-wrap wrap-anywhere sm:text-sm";
