import { BASIC_CODES } from "@/lib/codes/basic-codes";
import { CodeEntry, ENTRY_GRID } from "./code-entry";
import { CodePill } from "./code-pill";
import { classAnchor } from "./code-shape";
import { FilterSection } from "./filter-context";
import { BASIC_CLASS_GROUPS, type BasicClassGroup } from "./reply-classes";

function ClassGroup({ group }: { group: BasicClassGroup }) {
  const entries = BASIC_CODES.filter((e) => Math.floor(e.code / 100) === group.digit);
  const id = classAnchor(group.digit);
  return (
    <FilterSection id={id} labelledBy={`${id}-heading`} codes={entries.map((e) => String(e.code))} className="sm:scroll-mt-36">
      <h3 id={`${id}-heading`} className="flex flex-wrap items-center gap-2 text-lg font-semibold">
        <CodePill code={group.label} tone={group.tone} />
        {group.name}
      </h3>
      <p className="mt-1 mb-3 text-sm text-slate-700 dark:text-slate-300">{group.summary}</p>
      <ul className={ENTRY_GRID}>
        {entries.map((e) => (
          <CodeEntry key={e.code} code={String(e.code)} tone={group.tone} title={e.title} meaning={e.meaning} reference={e.reference} />
        ))}
      </ul>
    </FilterSection>
  );
}

/** Every basic reply code in the catalog, grouped by class (RFC 5321 4.2.1). */
export function BasicCodeList() {
  return (
    <FilterSection id="basic" labelledBy="basic-heading" codes={BASIC_CODES.map((e) => String(e.code))} className="space-y-8">
      <div>
        <h2 id="basic-heading" className="text-xl font-semibold">Basic reply codes</h2>
        <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
          The three digits every SMTP reply starts with: RFC 5321, plus AUTH (RFC 4954), STARTTLS (RFC 3207) and RFC 7504.
        </p>
      </div>
      {BASIC_CLASS_GROUPS.map((g) => (
        <ClassGroup key={g.digit} group={g} />
      ))}
    </FilterSection>
  );
}
