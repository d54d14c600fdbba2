import { inert } from "@/lib/inert-text";
import type { SessionEvent } from "@/lib/schemas/events";
import { type TimingStep, timingSteps } from "@/lib/session-view";
import { formatDt } from "@/components/transcript/format-duration";
import { PanelCard } from "./panel-card";
import { StatusBadge } from "./status-badge";
import { SLOW_MS, scaleOf, tickAnchor, truncate } from "./waterfall-scale";

const AXIS = 22;
const ROW = 30;

const took = (s: TimingStep) => s.end - s.start;

function tickLabel(ms: number): string {
  if (ms === 0) return "0";
  return ms < 1000 ? `${Number(ms.toPrecision(3))} ms` : `${Number((ms / 1000).toPrecision(3))} s`;
}

function durationLabel(s: TimingStep): string {
  return `${s.code !== null ? `${s.code} · ` : ""}${formatDt(took(s))}${took(s) >= SLOW_MS ? " · slow" : ""}`;
}

/**
 * Every step on one time axis. Widths are percentages and text is in pixels, so the chart fills any
 * width without stretching its labels; a slow step (a tarpit) stands out in red, with the word
 * "slow" so it does not rest on colour alone. Screen readers get a summary and a table.
 */
export function TimingWaterfall({ events, className }: { events: readonly SessionEvent[]; className?: string }) {
  const steps = timingSteps(events);
  if (!steps.length) return null;
  const scale = scaleOf(steps);
  const slow = steps.filter((s) => took(s) >= SLOW_MS);
  const slowest = steps.reduce((a, b) => (took(b) > took(a) ? b : a));
  const summary = `${steps.length} steps over ${formatDt(scale.max - scale.min)}; slowest: ${inert(slowest.label)}, ${formatDt(took(slowest))}; ${slow.length ? `${slow.length} slow (5 s or more)` : "none slow"}.`;
  const height = AXIS + steps.length * ROW;

  return (
    <PanelCard
      title="Timing"
      testId="timing"
      className={className}
      aside={slow.length ? <StatusBadge status="warn" label={`${slow.length} slow step${slow.length === 1 ? "" : "s"}`} /> : null}
    >
      <svg role="img" aria-label={`Timing waterfall: ${summary}`} width="100%" height={height} className="block text-[11px] tabular-nums">
        <g aria-hidden="true">
          {scale.ticks.map((t) => (
            <g key={t}>
              <line x1={`${scale.pct(t)}%`} x2={`${scale.pct(t)}%`} y1={AXIS - 6} y2={height} className="stroke-slate-200 dark:stroke-slate-700" />
              <text x={`${scale.pct(t)}%`} y={11} textAnchor={tickAnchor(scale.pct(t))} className="fill-slate-600 dark:fill-slate-400">
                {tickLabel(t)}
              </text>
            </g>
          ))}
        </g>
        {steps.map((s, i) => {
          const top = AXIS + i * ROW;
          const isSlow = took(s) >= SLOW_MS;
          const x = scale.pct(s.start);
          const w = Math.max(scale.pct(s.end) - x, 0.5);
          return (
            <g key={i} data-slow={isSlow ? "true" : undefined}>
              <title>{`${inert(s.label)}: ${durationLabel(s)}`}</title>
              {isSlow ? <rect x="0" y={top} width="100%" height={ROW - 2} rx="4" className="fill-red-50 dark:fill-red-950/60" /> : null}
              <text x="2" y={top + 11} className="fill-slate-800 dark:fill-slate-200">
                {truncate(inert(s.label), 28)}
              </text>
              <text x="100%" dx="-2" y={top + 11} textAnchor="end" className={isSlow ? "fill-red-800 font-semibold dark:fill-red-300" : "fill-slate-600 dark:fill-slate-400"}>
                {durationLabel(s)}
              </text>
              <rect x={`${x}%`} y={top + 15} width={`${w}%`} height="9" rx="2" className={isSlow ? "fill-red-600 dark:fill-red-400" : "fill-sky-600 dark:fill-sky-400"} />
            </g>
          );
        })}
      </svg>
      {/* A table ignores the width sr-only gives it; the wrapper is what clips it. */}
      <div className="sr-only">
        <table>
          <caption>Timing of each step</caption>
          <thead>
            <tr>
              <th scope="col">Step</th>
              <th scope="col">Started at</th>
              <th scope="col">Took</th>
              <th scope="col">Reply</th>
            </tr>
          </thead>
          <tbody>
            {steps.map((s, i) => (
              <tr key={i}>
                <th scope="row">{inert(s.label)}</th>
                <td>{formatDt(s.start)}</td>
                <td>{`${formatDt(took(s))}${took(s) >= SLOW_MS ? " (slow)" : ""}`}</td>
                <td>{s.code ?? "none"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </PanelCard>
  );
}
