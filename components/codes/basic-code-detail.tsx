import Link from "next/link";
import { BASIC_CODES } from "@/lib/codes/basic-codes";
import { ENHANCED_CLASS_DIGITS, ENHANCED_CODES, ENHANCED_SUBJECTS, type EnhancedClass } from "@/lib/codes/enhanced-codes";
import { CodePill, CodePillLink } from "./code-pill";
import { classAnchor, keyLabel, subjectAnchor } from "./code-shape";
import type { BasicLookup } from "./code-lookup";
import { lookupSummary, lookupTitle } from "./code-lookup";
import { BackLink, CodeLinkList, DetailHeader, FactList, NotRegistered, RelatedBlock, RelatedSection, TEXT_LINK } from "./detail-parts";
import { basicClassGroup, enhancedTone, SUBJECT_NUMBERS } from "./reply-classes";

function asEnhancedClass(digit: number): EnhancedClass | null {
  return (ENHANCED_CLASS_DIGITS as readonly number[]).includes(digit) ? (digit as EnhancedClass) : null;
}

/** The page of a basic code such as 550, or the class fallback for an unlisted one such as 599. */
export function BasicCodeDetail({ lookup }: { lookup: BasicLookup }) {
  const { code, entry } = lookup;
  const group = basicClassGroup(code);
  if (!group) return null;
  const cls = asEnhancedClass(group.digit);
  const siblings = BASIC_CODES.filter((e) => Math.floor(e.code / 100) === group.digit && e.code !== code);
  // The registry's "associated basic status code" column: catalog data, not a guess.
  const paired = ENHANCED_CODES.filter((e) => (e.basicCodes as readonly number[]).includes(code));

  return (
    <article className="space-y-8">
      <BackLink />
      <DetailHeader code={String(code)} tone={group.tone} title={lookupTitle(lookup)} summary={lookupSummary(lookup)} />
      {!entry && (
        <NotRegistered>
          HeloDesk&apos;s catalog does not list {code}, so the meaning above is read from its digits alone (RFC 5321
          4.2.1). The text the server sent after the code says more.
        </NotRegistered>
      )}
      <FactList
        facts={[
          {
            term: "Class",
            body: (
              <>
                <span className="inline-flex flex-wrap items-center gap-2">
                  <CodePill code={group.label} tone={group.tone} />
                  <span className="font-medium">{group.name}</span>
                </span>
                <span className="mt-1 block">{group.summary}</span>
              </>
            ),
          },
          { term: "Defined in", body: entry?.reference ?? "RFC 5321 4.2.1 (the meaning of the digits)" },
        ]}
      />
      <RelatedSection>
        {paired.length > 0 && (
          <RelatedBlock title={`Enhanced codes the registry pairs with ${code}`}>
            <p className="text-sm text-slate-700 dark:text-slate-300">
              From the IANA registry&apos;s “associated basic status code” column; servers combine codes more freely.
            </p>
            <CodeLinkList>
              {paired.map((e) => {
                const shown = cls !== null && (e.classes as readonly number[]).includes(cls) ? `${cls}.${e.key}` : keyLabel(e.key);
                return (
                  <li key={e.key} className="flex items-baseline gap-2">
                    <CodePillLink code={shown} tone={enhancedTone(shown.startsWith("X") ? null : cls)} />
                    <span>{e.title}</span>
                  </li>
                );
              })}
            </CodeLinkList>
          </RelatedBlock>
        )}
        {cls !== null && (
          <RelatedBlock title={`Enhanced status codes of class ${cls}`}>
            <p className="text-sm text-slate-700 dark:text-slate-300">
              A {group.label} reply may carry an enhanced status code starting with {cls}. Browse them by subject:
            </p>
            <CodeLinkList>
              {SUBJECT_NUMBERS.map((s) => (
                <li key={s}>
                  <Link href={`/codes#${subjectAnchor(s)}`} className={TEXT_LINK}>
                    <span className="font-mono">{cls}.{s}.x</span>{" "}
                    {ENHANCED_SUBJECTS[s as keyof typeof ENHANCED_SUBJECTS].title}
                  </Link>
                </li>
              ))}
            </CodeLinkList>
          </RelatedBlock>
        )}
        <RelatedBlock title={`Other ${group.label} codes`}>
          <CodeLinkList>
            {siblings.map((e) => (
              <li key={e.code} className="flex items-baseline gap-2">
                <CodePillLink code={String(e.code)} tone={group.tone} />
                <span>{e.title}</span>
              </li>
            ))}
          </CodeLinkList>
          <p className="text-sm">
            <Link href={`/codes#${classAnchor(group.digit)}`} className={TEXT_LINK}>
              All {group.label} codes with their meanings
            </Link>
          </p>
        </RelatedBlock>
      </RelatedSection>
    </article>
  );
}
