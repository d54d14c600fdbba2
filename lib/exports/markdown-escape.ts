import { inert } from "../inert-text";

/**
 * Text for inside a Markdown line (after a label: every caller puts it there) that stays text: every
 * character that could start emphasis, a link, raw HTML, an entity, a table cell or a strike-through
 * is backslash-escaped (CommonMark 2.4), and "://", "@" and "www." are broken so GFM's extended
 * autolinks cannot turn a hostile server's words into links. Brackets are escaped, so parentheses,
 * "!" and "#" cannot make a link, an image or (mid-line) a heading and are left as they are, as are
 * "1." and "-", which start a list only at the start of a line. Line breaks become spaces: one value
 * never starts a new block.
 */
export function escapeMarkdown(text: string): string {
  return inert(text.replace(/\r\n|\r|\n/g, " "))
    .replace(/[\\`*_{}[\]<>|~&@]/g, "\\$&")
    .replace(/:(?=\/)/g, "\\:")
    .replace(/\b(www)\./gi, "$1\\.");
}

/** The longest run of backticks in `text`, so a fence or code span can be made longer than it. */
function longestTickRun(text: string): number {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return longest;
}

/** Inline code: nothing inside is parsed, not links, not HTML (CommonMark 6.1). */
export function codeSpan(text: string): string {
  const body = inert(text.replace(/\r\n|\r|\n/g, " "));
  const ticks = "`".repeat(longestTickRun(body) + 1);
  const pad = body.startsWith("`") || body.endsWith("`") || body.startsWith(" ") ? " " : "";
  return `${ticks}${pad}${body}${pad}${ticks}`;
}

/** A fenced code block whose fence no line can close early (CommonMark 4.5). */
export function codeBlock(lines: readonly string[], info = "text"): string {
  const body = lines.map((l) => inert(l)).join("\n");
  const fence = "`".repeat(Math.max(3, longestTickRun(body) + 1));
  return `${fence}${info}\n${body}\n${fence}`;
}
