import { BADGE_TONE, FOCUS_RING, PILL, type Tone } from "./styles";

interface CodeBadgeProps {
  /** "550" or "5.7.1"; both have a page under /codes. */
  code: string;
  tone: Tone;
  /** Words read before the code by screen readers: "Reply code", "Enhanced status". */
  kind: string;
  describedBy?: string | undefined;
}

/**
 * A reply code as a coloured badge that opens the code's page in a new tab: leaving the test page
 * would lose its result, the share box and the delete token shown only once, or a running session.
 */
export function CodeBadge({ code, tone, kind, describedBy }: CodeBadgeProps) {
  return (
    <a
      href={`/codes/${encodeURIComponent(code)}`}
      target="_blank"
      rel="noopener"
      aria-describedby={describedBy}
      className={`${PILL} ${BADGE_TONE[tone]} font-mono tabular-nums no-underline hover:underline ${FOCUS_RING}`}
    >
      <span className="sr-only">{kind} </span>
      {code}
      <span className="sr-only"> (opens in a new tab)</span>
    </a>
  );
}
