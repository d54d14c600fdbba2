import { inert } from "@/lib/inert-text";
import { PARTY_LABEL } from "@/lib/parties";
import type { Explanation } from "@/lib/schemas/explanation";

/**
 * Everything the annotator said about one reply, as a definition list. Used by the hover tooltip
 * and by the inline disclosure, so both always say the same thing.
 */
export function ExplanationDetails({ code, explanation: e }: { code: number; explanation: Explanation }) {
  const rows: [string, string][] = [[`${code}`, e.codeMeaning]];
  if (e.enhanced) rows.push([e.enhanced.code, `${e.enhanced.title}: ${e.enhanced.detail}`]);
  if (e.decoded !== null) rows.push(["Decoded", `“${e.decoded}”`]);
  if (e.hint) rows.push(["In context", e.hint]);
  if (e.action) rows.push(["What to do", e.action]);
  if (e.party) rows.push(["Who can fix it", PARTY_LABEL[e.party]]);
  if (e.reference) rows.push(["Defined in", e.reference]);
  return (
    <div className="@container space-y-2 text-sm">
      <p className="font-medium text-slate-900 dark:text-slate-50">{inert(e.summary)}</p>
      <dl className="grid grid-cols-1 gap-x-3 @xs:grid-cols-[max-content_minmax(0,1fr)] @xs:gap-y-1">
        {rows.map(([term, text]) => (
          <div key={term} className="contents">
            <dt className="font-mono text-xs leading-5 font-semibold text-slate-600 dark:text-slate-300">{inert(term)}</dt>
            <dd className="mb-1 wrap-anywhere text-slate-800 @xs:mb-0 dark:text-slate-200">{inert(text)}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
