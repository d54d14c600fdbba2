import type { CheckStatus } from "@/lib/schemas/check";
import { PILL } from "@/components/transcript/styles";

export type Status = CheckStatus;

const TONE: Record<Status, string> = {
  pass: "bg-emerald-100 text-emerald-900 ring-emerald-300 dark:bg-emerald-950 dark:text-emerald-200 dark:ring-emerald-800",
  warn: "bg-amber-100 text-amber-900 ring-amber-300 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-800",
  fail: "bg-red-100 text-red-900 ring-red-300 dark:bg-red-950 dark:text-red-200 dark:ring-red-800",
  info: "bg-sky-100 text-sky-900 ring-sky-300 dark:bg-sky-950 dark:text-sky-200 dark:ring-sky-800",
};

const WORD: Record<Status, string> = { pass: "Pass", warn: "Warn", fail: "Fail", info: "Info" };

const PATH: Record<Status, string> = {
  pass: "m4 8.5 2.5 2.5L12 5.5",
  warn: "M8 4.5v4M8 11v.5",
  fail: "m5 5 6 6m0-6-6 6",
  info: "M8 7.5v4M8 4.5V5",
};

/** A status as icon and word together, so it never depends on colour alone. */
export function StatusIcon({ status, className = "size-4" }: { status: Status; className?: string }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 16 16" className={`shrink-0 ${className}`}>
      <circle cx="8" cy="8" r="7" fill="none" stroke="currentColor" strokeWidth="1.25" />
      <path d={PATH[status]} fill="none" stroke="currentColor" strokeWidth="1.75" strokeLinecap="round" />
    </svg>
  );
}

export function StatusBadge({ status, label = WORD[status] }: { status: Status; label?: string }) {
  return (
    <span data-status={status} className={`${PILL} gap-1 ${TONE[status]}`}>
      <StatusIcon status={status} className="size-3.5" />
      {label}
    </span>
  );
}
