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

/**
 * A reply pasted whole, as a bounce quotes it: "550 5.7.1 Unable to relay", "554-5.7.1 …". Its basic
 * code and its enhanced code, or null when the query does not start like a reply.
 */
export function pastedReply(query: string): { basic: string; enhanced: string | null } | null {
  const m = /^\s*([2-5]\d\d)(?:[ -]+([245]\.\d{1,3}\.\d{1,3})(?=\s|$)|[ -]+(?=\S))/.exec(query);
  return m ? { basic: m[1]!, enhanced: m[2] ?? null } : null;
}

/**
 * The data-codes of the entries that match; every entry when the query is blank. A pasted reply
 * shows its two codes' entries: no entry holds all the words of a server's own sentence.
 */
export function visibleCodes(index: readonly SearchItem[], query: string): ReadonlySet<string> {
  const reply = pastedReply(query);
  if (reply) {
    const wanted = (item: SearchItem) => item.code === reply.basic || (reply.enhanced !== null && item.text.split(" ").includes(reply.enhanced));
    return new Set(index.filter(wanted).map((item) => item.code));
  }
  const tokens = queryTokens(query);
  return new Set(index.filter((item) => tokens.every((t) => item.text.includes(t))).map((item) => item.code));
}
