import { ENHANCED_SUBJECTS, type EnhancedClass } from "@/lib/codes/enhanced-codes";
import type { Tone } from "@/components/transcript/styles";

/** One class of basic reply codes, as /codes groups them. */
export interface BasicClassGroup {
  readonly digit: 2 | 3 | 4 | 5;
  readonly label: string;
  /** The class's name in RFC 5321 4.2.1. */
  readonly name: string;
  readonly summary: string;
  readonly tone: Tone;
}

/**
 * RFC 5321 4.2.1 names the four classes by their first digit. The catalog keeps its own class
 * sentences private, so the list headings carry these short summaries.
 */
export const BASIC_CLASS_GROUPS: readonly BasicClassGroup[] = [
  { digit: 2, label: "2xx", name: "Positive completion", summary: "The command worked.", tone: "success" },
  {
    digit: 3, label: "3xx", name: "Positive intermediate",
    summary: "The command was accepted; the server waits for more input.", tone: "intermediate",
  },
  {
    digit: 4, label: "4xx", name: "Transient negative completion",
    summary: "The command failed for now; the same command may work later.", tone: "transient",
  },
  {
    digit: 5, label: "5xx", name: "Permanent negative completion",
    summary: "The command failed; sending it again unchanged will fail again.", tone: "permanent",
  },
];

/** The group of a basic code; null outside 2xx–5xx. */
export function basicClassGroup(code: number): BasicClassGroup | null {
  return BASIC_CLASS_GROUPS.find((g) => g.digit === Math.floor(code / 100)) ?? null;
}

const ENHANCED_TONE: Record<EnhancedClass, Tone> = { 2: "success", 4: "transient", 5: "permanent" };

/** Badge colour of an enhanced code; neutral when the class is not given (X.7.1). */
export function enhancedTone(cls: EnhancedClass | null): Tone {
  return cls === null ? "unknown" : ENHANCED_TONE[cls];
}

/** The registry's subjects in order, X.0 to X.7. */
export const SUBJECT_NUMBERS: readonly number[] = Object.keys(ENHANCED_SUBJECTS).map(Number);
