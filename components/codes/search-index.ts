import { BASIC_CODES, type BasicCodeEntry } from "@/lib/codes/basic-codes";
import { ENHANCED_CLASS_DIGITS, ENHANCED_CODES, type EnhancedCodeEntry } from "@/lib/codes/enhanced-codes";
import type { SearchItem } from "./code-filter";
import { keyLabel } from "./code-shape";

/** What a basic entry can be found by: its code and the words shown for it. */
export function basicSearchItem(e: BasicCodeEntry): SearchItem {
  return { code: String(e.code), text: [e.code, e.title, e.meaning, e.reference].join(" ").toLowerCase() };
}

/**
 * An enhanced entry can be found by every form of its code (X.7.1, 7.1, 2.7.1, 4.7.1, 5.7.1) —
 * all three classes, since servers send classes the registry does not list — and by its words.
 */
export function enhancedSearchItem(e: EnhancedCodeEntry): SearchItem {
  const forms = [keyLabel(e.key), e.key, ...ENHANCED_CLASS_DIGITS.map((c) => `${c}.${e.key}`)];
  return {
    code: keyLabel(e.key),
    text: [...forms, e.title, e.detail, e.note ?? "", e.reference].join(" ").toLowerCase(),
  };
}

/** Every entry on /codes, in page order. */
export function buildSearchIndex(): SearchItem[] {
  return [...BASIC_CODES.map(basicSearchItem), ...ENHANCED_CODES.map(enhancedSearchItem)];
}
