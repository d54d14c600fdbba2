import Link from "next/link";
import type { ReactNode } from "react";
import { FOCUS_RING, type Tone } from "@/components/transcript/styles";
import { CodePill } from "./code-pill";
import { codeHref } from "./code-shape";
import { FilterItem } from "./filter-context";

interface CodeEntryProps {
  /** The data-code, the pill text and the deep link: "550" or "X.7.1". */
  code: string;
  tone: Tone;
  title: string;
  meaning: string;
  reference: string;
  /** Extra lines under the meaning: a practice note, the classes an enhanced code is sent with. */
  children?: ReactNode;
}

/** One catalog entry in the /codes list: a card whose heading links to the code's page. */
export function CodeEntry({ code, tone, title, meaning, reference, children }: CodeEntryProps) {
  return (
    <FilterItem
      code={code}
      className="flex flex-col gap-2 rounded-lg border border-slate-200 bg-white p-4 shadow-xs dark:border-slate-800 dark:bg-slate-900"
    >
      <h4 className="text-base font-semibold leading-snug">
        <Link
          href={codeHref(code)}
          prefetch={false}
          className={`group inline-flex flex-wrap items-baseline gap-x-2 gap-y-1 rounded text-slate-900 dark:text-slate-50 ${FOCUS_RING}`}
        >
          <CodePill code={code} tone={tone} />
          <span className="group-hover:underline">{title}</span>
        </Link>
      </h4>
      <p className="text-sm text-slate-700 dark:text-slate-300">{meaning}</p>
      {children}
      <p className="mt-auto text-xs text-slate-600 dark:text-slate-400">
        <span className="sr-only">Defined in </span>
        {reference}
      </p>
    </FilterItem>
  );
}

/** The grid the cards sit in: one column on a phone, two from 640 px. */
export const ENTRY_GRID = "grid gap-3 sm:grid-cols-2";
