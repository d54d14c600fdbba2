/** Class lists for the form controls: one look for every input, and focus that is always visible. */

import { FOCUS_RING } from "@/components/styles";

export { FOCUS_RING };

// Borders keep 3:1 against the background (WCAG 1.4.11); an invalid control turns red.
export const CONTROL =
  `block w-full rounded-md border border-slate-500 bg-white px-3 py-2 text-base text-slate-900 shadow-sm placeholder:text-slate-500 sm:text-sm dark:border-slate-500 dark:bg-slate-900 dark:text-slate-100 dark:placeholder:text-slate-400 aria-[invalid=true]:border-red-700 aria-[invalid=true]:ring-1 aria-[invalid=true]:ring-red-700 dark:aria-[invalid=true]:border-red-400 dark:aria-[invalid=true]:ring-red-400 ${FOCUS_RING}`;

export const LABEL = "block text-sm font-medium text-slate-800 dark:text-slate-200";

export const HINT = "mt-1 text-xs text-slate-600 dark:text-slate-400";

export const ERROR = "mt-1 text-sm font-medium text-red-700 wrap-anywhere dark:text-red-300";

export const CHECKBOX =
  `size-4 shrink-0 rounded border-slate-500 text-sky-700 accent-sky-700 dark:accent-sky-400 ${FOCUS_RING}`;

export const PRIMARY_BUTTON =
  `inline-flex items-center justify-center gap-2 rounded-md bg-sky-700 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-sky-800 disabled:cursor-not-allowed disabled:opacity-60 dark:bg-sky-400 dark:text-slate-950 dark:hover:bg-sky-300 ${FOCUS_RING}`;

export const SECONDARY_BUTTON =
  `inline-flex items-center justify-center gap-2 rounded-md border border-slate-500 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-100 disabled:cursor-not-allowed disabled:opacity-60 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800 ${FOCUS_RING}`;

export const DANGER_BUTTON =
  `inline-flex items-center justify-center gap-2 rounded-md border border-red-700 bg-white px-4 py-2 text-sm font-semibold text-red-700 hover:bg-red-50 dark:border-red-400 dark:bg-slate-900 dark:text-red-300 dark:hover:bg-red-950 ${FOCUS_RING}`;

export const FIELDSET = "rounded-lg border border-slate-200 p-4 dark:border-slate-800";

export const LEGEND = "px-1 text-sm font-semibold text-slate-900 dark:text-slate-100";
