import { BASIC_CLASS_GROUPS, SUBJECT_NUMBERS } from "./reply-classes";
import { BasicCodeList } from "./basic-code-list";
import { CodeFilterProvider } from "./filter-context";
import { CodeSearch } from "./code-search";
import { classAnchor, subjectAnchor } from "./code-shape";
import { EnhancedCodeList } from "./enhanced-code-list";
import { FOCUS_RING } from "@/components/transcript/styles";
import { buildSearchIndex } from "./search-index";

const JUMP = `rounded px-1.5 py-0.5 font-mono text-sm text-sky-800 underline-offset-2 hover:underline dark:text-sky-300 ${FOCUS_RING}`;

function JumpLinks() {
  return (
    <nav aria-label="Code groups" className="flex flex-wrap items-center gap-x-1 gap-y-1 text-sm text-slate-700 dark:text-slate-300">
      <span className="mr-1">Jump to</span>
      {BASIC_CLASS_GROUPS.map((g) => (
        <a key={g.digit} href={`#${classAnchor(g.digit)}`} className={JUMP}>
          {g.label}
        </a>
      ))}
      <span aria-hidden="true" className="px-1 text-slate-400 dark:text-slate-600">|</span>
      {SUBJECT_NUMBERS.map((s) => (
        <a key={s} href={`#${subjectAnchor(s)}`} className={JUMP}>
          X.{s}
        </a>
      ))}
    </nav>
  );
}

/**
 * The whole reference: every code rendered on the server, the search box on top. The filter
 * only hides entries, so without JavaScript this is a plain list (filtered by ?q= if given).
 */
export function CodeIndex({ query }: { query: string }) {
  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">SMTP reply codes</h1>
        <p className="max-w-3xl text-slate-700 dark:text-slate-300">
          Every basic reply code and enhanced status code HeloDesk explains, with its meaning and the RFC that defines it.
          Open one for the details, or go straight to a code: <span className="font-mono">/codes/550</span>,{" "}
          <span className="font-mono">/codes/5.7.1</span>.
        </p>
      </header>
      <CodeFilterProvider index={buildSearchIndex()} initialQuery={query}>
        <div className="-mx-4 border-b border-slate-200 bg-white px-4 pb-3 sm:sticky sm:top-0 sm:z-10 sm:pt-3 dark:border-slate-800 dark:bg-slate-950">
          <CodeSearch />
        </div>
        <JumpLinks />
        <div className="space-y-12">
          <BasicCodeList />
          <EnhancedCodeList />
        </div>
      </CodeFilterProvider>
    </div>
  );
}
