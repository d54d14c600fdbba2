/**
 * The filter behind the search box: pure, so the server (for /codes?q=…, which must work without
 * JavaScript) and the browser hide exactly the same entries.
 */

/** One list entry as the filter sees it: its data-code and the lower-cased text it can match. */
export interface SearchItem {
  readonly code: string;
  readonly text: string;
}

/** Longer queries are cut; nothing in the catalog needs more. */
export const MAX_QUERY_LENGTH = 100;

/** The first ?q= value, trimmed to length; "" when there is none. */
export function queryFromParam(value: string | string[] | undefined): string {
  const first = Array.isArray(value) ? value[0] : value;
  return (first ?? "").slice(0, MAX_QUERY_LENGTH);
}

/** Whitespace-separated words, lower-cased; an entry must contain every one. */
export function queryTokens(query: string): string[] {
  return query.toLowerCase().split(/\s+/).filter(Boolean);
}

/** The data-codes of the entries that match; every entry when the query is blank. */
export function visibleCodes(index: readonly SearchItem[], query: string): ReadonlySet<string> {
  const tokens = queryTokens(query);
  return new Set(index.filter((item) => tokens.every((t) => item.text.includes(t))).map((item) => item.code));
}
