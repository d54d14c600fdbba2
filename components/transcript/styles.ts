/** Class lists shared by the transcript and the panels, so focus and colour stay consistent. */

import { FOCUS_RING } from "@/components/styles";

export { FOCUS_RING };

export const BUTTON =
  `inline-flex items-center gap-1.5 rounded-md border border-slate-300 bg-white px-2.5 py-1 text-sm font-medium text-slate-800 hover:bg-slate-100 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800 ${FOCUS_RING}`;

export type Tone = "success" | "intermediate" | "transient" | "permanent" | "unknown";

/** RFC 5321 4.2.1: the first digit is the class of the reply. */
export function toneOfCode(code: number): Tone {
  if (code >= 200 && code < 300) return "success";
  if (code >= 300 && code < 400) return "intermediate";
  if (code >= 400 && code < 500) return "transient";
  if (code >= 500 && code < 600) return "permanent";
  return "unknown";
}

/** Badge colours; every pair keeps at least 4.5:1 contrast in light and dark mode. */
export const BADGE_TONE: Record<Tone, string> = {
  success: "bg-emerald-100 text-emerald-900 ring-emerald-300 dark:bg-emerald-950 dark:text-emerald-200 dark:ring-emerald-800",
  intermediate: "bg-sky-100 text-sky-900 ring-sky-300 dark:bg-sky-950 dark:text-sky-200 dark:ring-sky-800",
  transient: "bg-amber-100 text-amber-900 ring-amber-300 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-800",
  permanent: "bg-red-100 text-red-900 ring-red-300 dark:bg-red-950 dark:text-red-200 dark:ring-red-800",
  unknown: "bg-slate-100 text-slate-900 ring-slate-300 dark:bg-slate-800 dark:text-slate-100 dark:ring-slate-600",
};

export const PILL = "inline-flex items-center rounded px-1.5 py-0.5 text-xs font-semibold ring-1 ring-inset";
