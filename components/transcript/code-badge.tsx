import Link from "next/link";
import { BADGE_TONE, FOCUS_RING, PILL, type Tone } from "./styles";

interface CodeBadgeProps {
  /** "550" or "5.7.1"; both have a page under /codes. */
  code: string;
  tone: Tone;
  /** Words read before the code by screen readers: "Reply code", "Enhanced status". */
  kind: string;
  describedBy?: string | undefined;
}

/** A reply code as a coloured badge that opens the code's page. */
export function CodeBadge({ code, tone, kind, describedBy }: CodeBadgeProps) {
  return (
    <Link
      href={`/codes/${encodeURIComponent(code)}`}
      prefetch={false}
      aria-describedby={describedBy}
      className={`${PILL} ${BADGE_TONE[tone]} font-mono tabular-nums no-underline hover:underline ${FOCUS_RING}`}
    >
      <span className="sr-only">{kind} </span>
      {code}
    </Link>
  );
}
