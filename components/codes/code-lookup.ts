import { BASIC_CODES, basicCode, genericMeaning, type BasicCodeEntry } from "@/lib/codes/basic-codes";
import {
  ENHANCED_CODES,
  ENHANCED_SUBJECTS,
  enhancedCode,
  enhancedEntry,
  parseEnhancedCode,
  type EnhancedClass,
  type EnhancedCodeEntry,
  type EnhancedMeaning,
} from "@/lib/codes/enhanced-codes";
import { BASIC_SHAPE, KEY_SHAPE, keyLabel } from "./code-shape";

export interface BasicLookup {
  kind: "basic";
  code: number;
  /** Null when the catalog does not list the code (599): the page shows the class fallback. */
  entry: BasicCodeEntry | null;
}

export interface EnhancedLookup {
  kind: "enhanced";
  /** As shown: "5.7.1", or "X.7.1" when the class was not given. */
  code: string;
  /** Null for the registry form X.7.1 and the bare form 7.1. */
  cls: EnhancedClass | null;
  subject: number;
  /** "subject.detail", the registry key. */
  key: string;
  /** Null when the registry does not list the key (5.7.606). */
  entry: EnhancedCodeEntry | null;
  /** The catalog's reading of the full code, fallback included; null when there is no class. */
  meaning: EnhancedMeaning | null;
}

export type CodeLookup = BasicLookup | EnhancedLookup;

function decode(param: string): string | null {
  try {
    return decodeURIComponent(param).trim();
  } catch {
    return null;
  }
}

/** What /codes/[code] shows for a path segment; null when it is not a code at all (404). */
export function lookupCode(param: string): CodeLookup | null {
  const text = decode(param);
  if (!text) return null;
  if (BASIC_SHAPE.test(text)) {
    const code = Number(text);
    return { kind: "basic", code, entry: basicCode(code) };
  }
  const parsed = parseEnhancedCode(text);
  if (parsed) {
    const { code, class: cls, subject, key } = parsed;
    return { kind: "enhanced", code, cls, subject, key, entry: enhancedEntry(key), meaning: enhancedCode(code) };
  }
  const m = KEY_SHAPE.exec(text);
  if (!m) return null;
  const subject = Number(m[1]);
  const key = `${subject}.${Number(m[2])}`;
  return { kind: "enhanced", code: keyLabel(key), cls: null, subject, key, entry: enhancedEntry(key), meaning: null };
}

/** The subject's registry entry (RFC 3463 3.x); null for a subject RFC 3463 does not define. */
export function subjectInfo(subject: number) {
  return subject in ENHANCED_SUBJECTS ? ENHANCED_SUBJECTS[subject as keyof typeof ENHANCED_SUBJECTS] : null;
}

/** The heading of a code's page, also its <title>. */
export function lookupTitle(l: CodeLookup): string {
  if (l.kind === "basic") return l.entry?.title ?? `Unlisted ${Math.floor(l.code / 100)}xx reply code`;
  if (l.entry) return l.entry.title;
  if (l.meaning) return l.meaning.title;
  const subject = subjectInfo(l.subject);
  return subject ? `${subject.title} (not in the registry)` : "Not in the registry";
}

/** The one sentence that says what the code means. */
export function lookupSummary(l: CodeLookup): string {
  if (l.kind === "basic") return l.entry?.meaning ?? genericMeaning(l.code);
  return l.entry?.detail ?? l.meaning?.detail ?? subjectInfo(l.subject)?.meaning ?? "";
}

/** Every code with a catalog entry, pre-rendered at build time: 550, X.7.1 and 4.7.1/5.7.1. */
export function knownCodeParams(): { code: string }[] {
  const basic = BASIC_CODES.map((e) => String(e.code));
  const enhanced = ENHANCED_CODES.flatMap((e) => [keyLabel(e.key), ...e.classes.map((c) => `${c}.${e.key}`)]);
  return [...basic, ...enhanced].map((code) => ({ code }));
}
