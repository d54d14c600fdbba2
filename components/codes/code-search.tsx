"use client";

import Link from "next/link";
import { useId, useRef } from "react";
import { BUTTON, FOCUS_RING } from "@/components/transcript/styles";
import { MAX_QUERY_LENGTH } from "./code-filter";
import { codeHref, isCodeShaped } from "./code-shape";
import { useCodeFilter } from "./filter-context";

/** Keeps ?q= in the address bar, so a filtered list can be shared or reloaded. */
function syncUrl(query: string) {
  const url = query.trim() ? `?q=${encodeURIComponent(query)}` : window.location.pathname;
  window.history.replaceState(null, "", url);
}

function statusText(count: number, total: number, query: string): string {
  if (!query) return `${total} codes`;
  if (count === 0) return `No codes match “${query}”`;
  return `${count} of ${total} codes match “${query}”`;
}

/**
 * The filter box. A GET form to /codes, so without JavaScript Enter still filters (on the
 * server); with it, the list filters as you type and the form never submits.
 */
export function CodeSearch() {
  const { query, setQuery, appliedQuery, visible, total } = useCodeFilter();
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const applied = appliedQuery.trim();
  const typed = query.trim();

  function update(next: string) {
    setQuery(next);
    syncUrl(next);
  }

  return (
    <form role="search" action="/codes" method="get" onSubmit={(e) => e.preventDefault()}>
      <label htmlFor={inputId} className="block text-sm font-medium text-slate-800 dark:text-slate-200">
        Search reply codes
      </label>
      <div className="mt-1 flex gap-2">
        <input
          ref={input}
          id={inputId}
          type="search"
          name="q"
          value={query}
          onChange={(e) => update(e.target.value)}
          maxLength={MAX_QUERY_LENGTH}
          autoComplete="off"
          spellCheck={false}
          enterKeyHint="search"
          placeholder="550, 5.7.1, relay, TLS…"
          className={`min-w-0 flex-1 rounded-md border border-slate-400 bg-white px-3 py-2 text-base text-slate-900 placeholder:text-slate-500 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100 dark:placeholder:text-slate-400 ${FOCUS_RING}`}
        />
        {typed && (
          <Link
            href="/codes"
            onClick={(e) => {
              e.preventDefault();
              update("");
              input.current?.focus();
            }}
            className={`${BUTTON} px-3`}
          >
            Clear
          </Link>
        )}
      </div>
      <p role="status" aria-live="polite" aria-atomic="true" className="mt-2 text-sm text-slate-700 dark:text-slate-300">
        {statusText(visible.size, total, applied)}
      </p>
      {visible.size === 0 && isCodeShaped(applied) && (
        <p className="mt-1 text-sm">
          <Link href={codeHref(applied)} className={`font-medium text-sky-800 underline dark:text-sky-300 ${FOCUS_RING}`}>
            Look up {applied} anyway
          </Link>
        </p>
      )}
    </form>
  );
}
