import Link from "next/link";
import { basicCode } from "@/lib/codes/basic-codes";
import { ENHANCED_CLASS_DIGITS, ENHANCED_CLASSES } from "@/lib/codes/enhanced-codes";
import { toneOfCode } from "@/components/transcript/styles";
import { CodePill, CodePillLink } from "./code-pill";
import { keyLabel, subjectAnchor } from "./code-shape";
import { lookupSummary, lookupTitle, subjectInfo, type EnhancedLookup } from "./code-lookup";
import { BackLink, CodeLinkList, DetailHeader, FactList, NotRegistered, RelatedBlock, RelatedSection, TEXT_LINK, type Fact } from "./detail-parts";
import { enhancedTone } from "./reply-classes";

/** Each class 2, 4, 5 with this detail, and whether the registry lists it. */
function ClassChoices({ lookup }: { lookup: EnhancedLookup }) {
  const { key, entry, cls } = lookup;
  const listed: readonly number[] = entry?.classes ?? [];
  return (
    <ul className="space-y-1.5">
      {ENHANCED_CLASS_DIGITS.map((c) => (
        <li key={c} className="flex flex-wrap items-center gap-2">
          <CodePillLink code={`${c}.${key}`} tone={enhancedTone(c)} current={c === cls} />
          <span>{entry ? (listed.includes(c) ? "Registered" : "Not listed by the registry") : ENHANCED_CLASSES[c].title}</span>
        </li>
      ))}
    </ul>
  );
}

function facts(lookup: EnhancedLookup): Fact[] {
  const { cls, subject, entry, meaning } = lookup;
  const subj = subjectInfo(subject);
  return [
    {
      term: "Class",
      body: cls ? (
        <>
          <span className="inline-flex items-center gap-2">
            <CodePill code={String(cls)} tone={enhancedTone(cls)} />
            <span className="font-medium">{ENHANCED_CLASSES[cls].title}</span>
          </span>
          <span className="mt-1 block">{ENHANCED_CLASSES[cls].meaning}</span>
        </>
      ) : (
        "Not given: the registry writes X where the server puts 2, 4 or 5."
      ),
    },
    {
      term: "Subject",
      body: subj ? (
        <>
          <span className="font-medium">
            <span className="font-mono">X.{subject}</span> {subj.title}
          </span>
          <span className="mt-1 block">
            {subj.meaning} ({subj.reference})
          </span>
        </>
      ) : (
        `RFC 3463 defines subjects 0 to 7; ${subject} is not one of them.`
      ),
    },
    { term: entry ? "Classes" : "Read with a class", body: <ClassChoices lookup={lookup} /> },
    { term: "Defined in", body: entry?.reference ?? meaning?.reference ?? subj?.reference ?? "RFC 3463 2" },
  ];
}

/** The page of an enhanced code: 5.7.1, the registry form X.7.1, or a fallback for 5.7.606. */
export function EnhancedCodeDetail({ lookup }: { lookup: EnhancedLookup }) {
  const { code, cls, subject, key, entry } = lookup;
  const subj = subjectInfo(subject);
  const summary = lookupSummary(lookup) || `Subject ${subject} is not defined, so nothing more can be read from the code.`;
  return (
    <article className="space-y-8">
      <BackLink />
      <DetailHeader code={code} tone={enhancedTone(cls)} title={lookupTitle(lookup)} summary={summary} />
      {entry?.note && (
        <p className="max-w-3xl text-slate-800 dark:text-slate-200">
          <span className="font-semibold">In practice: </span>
          {entry.note}
        </p>
      )}
      {!entry && (
        <NotRegistered>
          {keyLabel(key)} is not in the IANA registry of enhanced status codes.{" "}
          {cls ? "What this page says comes from its class and subject." : "Pick a class below to read what its class and subject say."}
        </NotRegistered>
      )}
      <FactList facts={facts(lookup)} />
      <RelatedSection>
        {entry && entry.basicCodes.length > 0 && (
          <RelatedBlock title={`Basic codes the registry pairs with ${keyLabel(key)}`}>
            <CodeLinkList>
              {entry.basicCodes.map((b) => (
                <li key={b} className="flex items-baseline gap-2">
                  <CodePillLink code={String(b)} tone={toneOfCode(b)} />
                  <span>{basicCode(b)?.title ?? "Not in HeloDesk's catalog"}</span>
                </li>
              ))}
            </CodeLinkList>
          </RelatedBlock>
        )}
        <RelatedBlock title="Browse">
          <CodeLinkList>
            {subj && (
              <li>
                <Link href={`/codes#${subjectAnchor(subject)}`} className={TEXT_LINK}>
                  Every X.{subject} code: {subj.title}
                </Link>
              </li>
            )}
            <li>
              <Link href="/codes#enhanced" className={TEXT_LINK}>
                All enhanced status codes
              </Link>
            </li>
          </CodeLinkList>
        </RelatedBlock>
      </RelatedSection>
    </article>
  );
}
