"use client";

import { createContext, use, useDeferredValue, useMemo, useState, type ReactNode } from "react";
import { visibleCodes, type SearchItem } from "./code-filter";

interface CodeFilterState {
  /** What the box holds, updated on every keystroke. */
  query: string;
  setQuery: (query: string) => void;
  /** The query the list currently reflects (may lag a keystroke behind while rendering). */
  appliedQuery: string;
  visible: ReadonlySet<string>;
  total: number;
}

const FilterContext = createContext<CodeFilterState | null>(null);

export function useCodeFilter(): CodeFilterState {
  const state = use(FilterContext);
  if (!state) throw new Error("useCodeFilter needs a CodeFilterProvider above it");
  return state;
}

interface ProviderProps {
  index: readonly SearchItem[];
  initialQuery: string;
  children: ReactNode;
}

/**
 * Holds the query for the list below it. The entries stay server-rendered children; this only
 * decides which are hidden, and the server render already applies ?q= so the list is right
 * before (or without) JavaScript.
 */
export function CodeFilterProvider({ index, initialQuery, children }: ProviderProps) {
  const [query, setQuery] = useState(initialQuery);
  const appliedQuery = useDeferredValue(query);
  const visible = useMemo(() => visibleCodes(index, appliedQuery), [index, appliedQuery]);
  const state = useMemo(
    () => ({ query, setQuery, appliedQuery, visible, total: index.length }),
    [query, appliedQuery, visible, index.length],
  );
  return <FilterContext value={state}>{children}</FilterContext>;
}

/** One list entry, hidden while it does not match. */
export function FilterItem({ code, className, children }: { code: string; className?: string; children: ReactNode }) {
  const { visible } = useCodeFilter();
  return (
    <li data-testid="code-entry" data-code={code} hidden={!visible.has(code)} className={className}>
      {children}
    </li>
  );
}

interface FilterSectionProps {
  /** The data-codes inside; the section hides when none of them matches. */
  codes: readonly string[];
  id?: string;
  labelledBy: string;
  className?: string;
  children: ReactNode;
}

/** A group of entries that disappears, heading and all, when it has nothing to show. */
export function FilterSection({ codes, id, labelledBy, className, children }: FilterSectionProps) {
  const { visible } = useCodeFilter();
  return (
    <section id={id} aria-labelledby={labelledBy} hidden={!codes.some((c) => visible.has(c))} className={className}>
      {children}
    </section>
  );
}
