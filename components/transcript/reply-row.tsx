"use client";

import { memo, useId, useRef, useState } from "react";
import { inert } from "@/lib/inert-text";
import type { ReplyEvent } from "@/lib/schemas/events";
import { CodeBadge } from "./code-badge";
import { ExplainTooltip } from "./explain-tooltip";
import { ExplanationDetails } from "./explanation-details";
import { FLAG_TEXT } from "./reply-flags";
import { LINE_TEXT, RowShell } from "./row-shell";
import { FOCUS_RING, PILL, toneOfCode } from "./styles";
import { useTooltip } from "./use-tooltip";

/**
 * A server reply: the code (and enhanced code) as badges that link to their pages, every line of
 * text, and the annotator's explanation on hover/focus (tooltip) or inline (disclosure).
 */
export const ReplyRow = memo(function ReplyRow({ event }: { event: ReplyEvent }) {
  const [expanded, setExpanded] = useState(false);
  const tip = useTooltip();
  const anchor = useRef<HTMLSpanElement>(null);
  const id = useId();
  const tone = toneOfCode(event.code);
  const e = event.explanation;
  const code = String(event.code).padStart(3, "0");
  const trouble = tone !== "success" && tone !== "intermediate";
  const [first = "", ...rest] = event.text.length ? event.text : event.lines;
  const describedBy = tip.open && !expanded ? `${id}-tip` : undefined;

  return (
    <RowShell
      event={event}
      direction="server"
      label={event.unsolicited ? "Server, unsolicited:" : "Server:"}
      tls={event.tls}
      attrs={{ "data-code": event.code, "data-enhanced-code": event.enhancedCode ?? undefined, "data-unsolicited": event.unsolicited ? "true" : undefined }}
    >
      {/* The button sits right of the line and after the badges in Tab order, as it is drawn. The
          line itself is inline flow, not flex: on a phone the text wraps under the badges instead of
          being squeezed beside them. */}
      <div className="grid grid-cols-[minmax(0,1fr)_auto] items-start gap-x-2">
        <div>
          <span ref={anchor} className="mr-2 inline-flex gap-1" {...tip.anchorProps}>
            <CodeBadge code={code} tone={tone} kind="Reply code" describedBy={describedBy} />
            {event.enhancedCode ? <CodeBadge code={event.enhancedCode} tone={tone} kind="Enhanced status" describedBy={describedBy} /> : null}
          </span>
          {event.unsolicited ? (
            <span className={`${PILL} mr-2 bg-amber-100 text-amber-900 ring-amber-300 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-800`}>unsolicited</span>
          ) : null}
          <span className={`${LINE_TEXT} text-slate-900 dark:text-slate-100`}>{inert(first)}</span>
        </div>
        {/* At least 24 by 24 px to hit (WCAG 2.5.8); the negative margin keeps the row's line height. */}
        <button
          type="button"
          aria-expanded={expanded}
          aria-controls={`${id}-details`}
          onClick={() => setExpanded((x) => !x)}
          className={`-my-0.5 inline-flex min-h-6 min-w-6 items-center justify-center gap-1 rounded px-1.5 text-xs leading-5 font-medium text-slate-700 hover:bg-slate-200 dark:text-slate-300 dark:hover:bg-slate-800 ${FOCUS_RING}`}
        >
          <span className="sr-only sm:not-sr-only">Explain</span>
          <span className="sr-only"> reply {code}</span>
          <svg aria-hidden="true" viewBox="0 0 12 12" className={`size-3 transition-transform ${expanded ? "rotate-180" : ""}`}>
            <path d="M2.5 4.5 6 8l3.5-3.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
          </svg>
        </button>
      </div>
      {rest.length ? <div className={`${LINE_TEXT} text-slate-900 dark:text-slate-100`}>{rest.map(inert).join("\n")}</div> : null}
      {trouble || e.decoded !== null ? (
        <p className="text-xs leading-5 text-slate-700 dark:text-slate-300">
          {e.decoded !== null ? <>Decoded: <span className="font-mono">“{inert(e.decoded)}”</span> </> : null}
          {trouble ? inert(e.summary) : null}
        </p>
      ) : null}
      {event.flags.length ? (
        <p className="text-xs leading-5 text-amber-900 dark:text-amber-200">Not quite SMTP: {event.flags.map((f) => FLAG_TEXT[f]).join("; ")}.</p>
      ) : null}
      <div id={`${id}-details`} hidden={!expanded} className="my-1 rounded-md border border-slate-200 bg-white p-3 dark:border-slate-700 dark:bg-slate-900">
        {expanded ? <ExplanationDetails code={event.code} explanation={e} /> : null}
      </div>
      {tip.open && !expanded ? (
        <ExplainTooltip id={`${id}-tip`} anchor={anchor} onClose={tip.close} {...tip.tooltipProps}>
          <ExplanationDetails code={event.code} explanation={e} />
        </ExplainTooltip>
      ) : null}
    </RowShell>
  );
});
