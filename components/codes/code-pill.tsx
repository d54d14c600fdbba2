import Link from "next/link";
import { BADGE_TONE, FOCUS_RING, PILL, type Tone } from "@/components/transcript/styles";
import { codeHref } from "./code-shape";

const SIZE = { sm: "", lg: "px-2 py-1 text-base" } as const;

/** A code in its class colour (2 green, 3 sky, 4 amber, 5 red, X neutral). */
export function CodePill({ code, tone, size = "sm" }: { code: string; tone: Tone; size?: keyof typeof SIZE }) {
  return <span className={`${PILL} ${SIZE[size]} font-mono tabular-nums ${BADGE_TONE[tone]}`}>{code}</span>;
}

interface CodePillLinkProps {
  code: string;
  tone: Tone;
  /** Marks the pill of the page being shown. */
  current?: boolean;
}

/** A code pill that opens the code's page. */
export function CodePillLink({ code, tone, current = false }: CodePillLinkProps) {
  return (
    <Link
      href={codeHref(code)}
      prefetch={false}
      aria-current={current ? "page" : undefined}
      className={`${PILL} font-mono tabular-nums no-underline hover:underline ${BADGE_TONE[tone]} ${current ? "outline-2 outline-offset-1 outline-current" : ""} ${FOCUS_RING}`}
    >
      {code}
    </Link>
  );
}
