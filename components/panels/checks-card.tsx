import { inert } from "@/lib/inert-text";
import type { Check, CheckStatus } from "@/lib/schemas/check";
import type { Outcome } from "@/lib/schemas/session";
import { PanelCard } from "./panel-card";
import { StatusBadge, StatusIcon } from "./status-badge";

const ORDER: Record<CheckStatus, number> = { fail: 0, warn: 1, pass: 2, info: 3 };

const OUTCOME: Record<Outcome | "running", { text: string; tone: string; icon: CheckStatus }> = {
  pass: { text: "Passed", icon: "pass", tone: "border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100" },
  warn: { text: "Passed with warnings", icon: "warn", tone: "border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100" },
  fail: { text: "Failed", icon: "fail", tone: "border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100" },
  error: { text: "Could not finish the test", icon: "fail", tone: "border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100" },
  running: { text: "Still running", icon: "info", tone: "border-slate-300 bg-slate-50 text-slate-800 dark:border-slate-700 dark:bg-slate-950 dark:text-slate-200" },
};

function counts(checks: Check[]): string {
  const n = (s: CheckStatus) => checks.filter((c) => c.status === s).length;
  const parts = [
    [n("fail"), "failed"],
    [n("warn"), n("warn") === 1 ? "warning" : "warnings"],
    [n("pass"), "passed"],
  ] as const;
  return parts
    .filter(([k]) => k > 0)
    .map(([k, w]) => `${k} ${w}`)
    .join(" · ");
}

/** The report card: the overall outcome first, then every check with failures at the top. */
export function ChecksCard({ checks, outcome, className }: { checks: Check[]; outcome: Outcome | null; className?: string }) {
  if (!checks.length && outcome === null) return null;
  const sorted = checks.map((c, i) => ({ c, i })).sort((a, b) => ORDER[a.c.status] - ORDER[b.c.status] || a.i - b.i);
  const head = OUTCOME[outcome ?? "running"];
  return (
    <PanelCard title="Report card" testId="checks" className={className}>
      <p data-testid="report-outcome" data-outcome={outcome ?? "running"} className={`mb-3 flex flex-wrap items-center gap-x-2 gap-y-1 rounded-lg border px-3 py-2 ${head.tone}`}>
        <StatusIcon status={head.icon} className="size-5" />
        <span className="text-lg font-semibold">{head.text}</span>
        {checks.length ? <span className="text-sm">{counts(checks)}</span> : null}
      </p>
      <ul className="divide-y divide-slate-200 dark:divide-slate-800">
        {sorted.map(({ c }) => (
          <li key={c.id} data-testid="check" data-check={c.id} data-status={c.status} className="flex gap-3 py-2">
            <span className="w-14 shrink-0">
              <StatusBadge status={c.status} />
            </span>
            <div className="min-w-0">
              <p className="text-sm font-medium text-slate-900 dark:text-slate-100">{inert(c.title)}</p>
              <p className="text-sm wrap-anywhere text-slate-700 dark:text-slate-300">{inert(c.detail)}</p>
            </div>
          </li>
        ))}
      </ul>
    </PanelCard>
  );
}
