import { type ReactNode, useId } from "react";

interface PanelCardProps {
  title: string;
  testId?: string;
  /** Shown beside the heading: a count, a status. */
  aside?: ReactNode;
  className?: string;
  children: ReactNode;
}

/** The frame every panel shares: a labelled section with its own heading. */
export function PanelCard({ title, testId, aside, className = "", children }: PanelCardProps) {
  const id = useId();
  return (
    <section
      aria-labelledby={id}
      data-testid={testId}
      className={`min-w-0 rounded-xl border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900 ${className}`}
    >
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
        <h2 id={id} className="text-base font-semibold text-slate-900 dark:text-slate-50">
          {title}
        </h2>
        {aside}
      </div>
      {children}
    </section>
  );
}

/** Key/value rows inside a panel; wraps long values instead of widening the page. */
export function FactList({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="grid grid-cols-1 gap-x-4 gap-y-2 text-sm sm:grid-cols-[max-content_minmax(0,1fr)]">
      {rows.map(([term, value], i) => (
        <div key={i} className="contents">
          <dt className="font-medium text-slate-600 dark:text-slate-400">{term}</dt>
          <dd className="mb-1 min-w-0 wrap-anywhere text-slate-900 sm:mb-0 dark:text-slate-100">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
