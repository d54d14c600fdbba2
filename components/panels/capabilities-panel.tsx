import { inert } from "@/lib/inert-text";
import type { SessionView } from "@/lib/session-view";
import { PILL } from "@/components/transcript/styles";
import { PanelCard } from "./panel-card";

/** The extensions the server advertised, decoded; the last EHLO answer (after STARTTLS) is the one shown. */
export function CapabilitiesPanel({ capabilities, className }: { capabilities: SessionView["capabilities"]; className?: string }) {
  if (!capabilities) return null;
  const { via, tls, list } = capabilities;
  const source = via === "HELO" ? "Answer to HELO" : `Answer to EHLO${tls ? ", inside TLS" : ""}`;
  return (
    <PanelCard
      title="Extensions"
      testId="capabilities"
      className={className}
      aside={<span className="text-sm text-slate-600 dark:text-slate-400">{source}</span>}
    >
      {list.length === 0 ? (
        <p className="text-sm text-slate-700 dark:text-slate-300">
          {via === "HELO" ? "The server answered HELO, which carries no extensions (no ESMTP)." : "The server advertised no extensions."}
        </p>
      ) : (
        <dl className="divide-y divide-slate-200 text-sm dark:divide-slate-800">
          {list.map((c, i) => (
            <div key={`${c.keyword}-${i}`} data-testid="capability" data-keyword={c.keyword} className="py-2">
              <dt className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
                <span className="font-mono font-semibold text-slate-900 dark:text-slate-50">{inert(c.keyword)}</span>
                {c.params.length ? <span className="font-mono wrap-anywhere text-slate-700 dark:text-slate-300">{inert(c.params.join(" "))}</span> : null}
                {c.known ? null : (
                  <span className={`${PILL} bg-slate-100 text-slate-800 ring-slate-300 dark:bg-slate-800 dark:text-slate-200 dark:ring-slate-600`}>Unknown</span>
                )}
              </dt>
              <dd className="mt-0.5 text-slate-700 dark:text-slate-300">
                <span className="font-medium text-slate-900 dark:text-slate-100">{inert(c.title)}</span>
                {c.detail ? <>: {inert(c.detail)}</> : null}
                {c.reference ? <span className="text-slate-600 dark:text-slate-400"> ({c.reference})</span> : null}
              </dd>
            </div>
          ))}
        </dl>
      )}
    </PanelCard>
  );
}
