/** Class lists every feature shares, so focus rings and cards look the same on every page. */

export const FOCUS_RING =
  "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 dark:focus-visible:outline-sky-400";

/** A panel on the page background: the form, the console, a walkthrough step, a share card. */
export const CARD = "rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-6 dark:border-slate-800 dark:bg-slate-900/50";
