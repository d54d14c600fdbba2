import Link from "next/link";
import { TEXT_LINK } from "./styles";

const TEXT = {
  expired: {
    title: "This share link has expired",
    body: "The session it pointed to was kept for a limited number of days and has been purged. Nothing of it is left on this server.",
  },
  deleted: {
    title: "This session was deleted",
    body: "The person who ran the test deleted it with its delete token. Nothing of it is left on this server.",
  },
} as const;

/** What an expired or deleted link shows; the custom server answers it with HTTP 410 Gone. */
export function SessionGone({ reason }: { reason: keyof typeof TEXT }) {
  const t = TEXT[reason];
  return (
    <div data-testid="session-gone" data-reason={reason} className="max-w-2xl space-y-4">
      <h1 className="text-2xl font-semibold tracking-tight">{t.title}</h1>
      <p className="text-slate-700 dark:text-slate-300">{t.body}</p>
      <p>
        Ask whoever sent you the link to run the test again, or{" "}
        <Link href="/" className={TEXT_LINK}>
          run a test yourself
        </Link>
        .
      </p>
    </div>
  );
}
