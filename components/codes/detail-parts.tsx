import Link from "next/link";
import type { ReactNode } from "react";
import { FOCUS_RING, type Tone } from "@/components/transcript/styles";
import { CodePill } from "./code-pill";

export const TEXT_LINK = `rounded font-medium text-sky-800 underline underline-offset-2 hover:no-underline dark:text-sky-300 ${FOCUS_RING}`;

export function BackLink() {
  return (
    <p>
      <Link href="/codes" className={`text-sm ${TEXT_LINK}`}>
        <span aria-hidden="true">← </span>All reply codes
      </Link>
    </p>
  );
}

/** The code and its title as the page's one h1, then what it means in one sentence. */
export function DetailHeader({ code, tone, title, summary }: { code: string; tone: Tone; title: string; summary: string }) {
  return (
    <header className="space-y-3">
      <h1 className="flex flex-wrap items-center gap-x-3 gap-y-2 text-2xl font-semibold tracking-tight sm:text-3xl">
        <CodePill code={code} tone={tone} size="lg" />
        <span>{title}</span>
      </h1>
      {summary && <p className="max-w-3xl text-lg text-slate-800 dark:text-slate-200">{summary}</p>}
    </header>
  );
}

/** Says plainly that the meaning shown is a fallback, not a catalog entry. */
export function NotRegistered({ children }: { children: ReactNode }) {
  return (
    <div role="note" className="max-w-3xl rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
      <p className="font-semibold">Not registered</p>
      <p className="mt-1">{children}</p>
    </div>
  );
}

export interface Fact {
  term: string;
  body: ReactNode;
}

/** Class, subject, reference and the like, as a definition list that stacks on a phone. */
export function FactList({ facts }: { facts: readonly Fact[] }) {
  return (
    <dl className="max-w-3xl divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
      {facts.map((f) => (
        <div key={f.term} className="grid gap-1 p-4 sm:grid-cols-[10rem_minmax(0,1fr)] sm:gap-4">
          <dt className="text-sm font-semibold text-slate-700 dark:text-slate-300">{f.term}</dt>
          <dd className="text-sm text-slate-800 dark:text-slate-200">{f.body}</dd>
        </div>
      ))}
    </dl>
  );
}

/** One block under "Related codes", with its own h3. */
export function RelatedBlock({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="space-y-2">
      <h3 className="text-base font-semibold">{title}</h3>
      {children}
    </div>
  );
}

export function RelatedSection({ children }: { children: ReactNode }) {
  return (
    <section aria-labelledby="related-heading" className="max-w-3xl space-y-5">
      <h2 id="related-heading" className="text-xl font-semibold">Related codes</h2>
      {children}
    </section>
  );
}

/** A list of code links, each with its title: "550 Mailbox unavailable". */
export function CodeLinkList({ children }: { children: ReactNode }) {
  return <ul className="space-y-1.5 text-sm text-slate-800 dark:text-slate-200">{children}</ul>;
}
