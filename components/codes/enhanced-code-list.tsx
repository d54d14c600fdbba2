import {
  ENHANCED_CLASS_DIGITS,
  ENHANCED_CLASSES,
  ENHANCED_CODES,
  ENHANCED_SUBJECTS,
  type EnhancedCodeEntry,
} from "@/lib/codes/enhanced-codes";
import { CodeEntry, ENTRY_GRID } from "./code-entry";
import { CodePill, CodePillLink } from "./code-pill";
import { keyLabel, subjectAnchor } from "./code-shape";
import { FilterSection } from "./filter-context";
import { enhancedTone, SUBJECT_NUMBERS } from "./reply-classes";

function subjectOfKey(key: string): number {
  return Number(key.split(".")[0]);
}

function EnhancedEntry({ entry }: { entry: EnhancedCodeEntry }) {
  return (
    <CodeEntry code={keyLabel(entry.key)} tone="unknown" title={entry.title} meaning={entry.detail} reference={entry.reference}>
      {entry.note && (
        <p className="text-sm text-slate-700 dark:text-slate-300">
          <span className="font-medium text-slate-900 dark:text-slate-100">In practice: </span>
          {entry.note}
        </p>
      )}
      <p className="flex flex-wrap items-center gap-1.5 text-xs text-slate-600 dark:text-slate-400">
        <span>Registered as</span>
        {entry.classes.map((c) => (
          <CodePillLink key={c} code={`${c}.${entry.key}`} tone={enhancedTone(c)} />
        ))}
      </p>
    </CodeEntry>
  );
}

function SubjectGroup({ subject }: { subject: number }) {
  const info = ENHANCED_SUBJECTS[subject as keyof typeof ENHANCED_SUBJECTS];
  const entries: readonly EnhancedCodeEntry[] = ENHANCED_CODES.filter((e) => subjectOfKey(e.key) === subject);
  const id = subjectAnchor(subject);
  return (
    <FilterSection id={id} labelledBy={`${id}-heading`} codes={entries.map((e) => keyLabel(e.key))} className="sm:scroll-mt-36">
      <h3 id={`${id}-heading`} className="text-lg font-semibold">
        <span className="font-mono">X.{subject}</span> {info.title}
      </h3>
      <p className="mt-1 mb-3 text-sm text-slate-700 dark:text-slate-300">
        {info.meaning} <span className="text-slate-600 dark:text-slate-400">({info.reference})</span>
      </p>
      <ul className={ENTRY_GRID}>
        {entries.map((e) => (
          <EnhancedEntry key={e.key} entry={e} />
        ))}
      </ul>
    </FilterSection>
  );
}

/** Every enhanced status code in the registry, grouped by subject (RFC 3463 3). */
export function EnhancedCodeList() {
  return (
    <FilterSection id="enhanced" labelledBy="enhanced-heading" codes={ENHANCED_CODES.map((e) => keyLabel(e.key))} className="space-y-8">
      <div>
        <h2 id="enhanced-heading" className="text-xl font-semibold">Enhanced status codes</h2>
        <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
          The class.subject.detail code after the three digits (RFC 3463; the IANA registry of RFC 5248). The registry
          writes X for the class, which is one of:
        </p>
        <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm text-slate-700 dark:text-slate-300">
          {ENHANCED_CLASS_DIGITS.map((c) => (
            <li key={c} className="flex items-center gap-1.5">
              <CodePill code={String(c)} tone={enhancedTone(c)} />
              {ENHANCED_CLASSES[c].title}
            </li>
          ))}
        </ul>
      </div>
      {SUBJECT_NUMBERS.map((s) => (
        <SubjectGroup key={s} subject={s} />
      ))}
    </FilterSection>
  );
}
