import Link from "next/link";
import { TEXT_LINK } from "@/components/share/styles";

export default function SessionNotFound() {
  return (
    <div data-testid="session-not-found" className="max-w-2xl space-y-4">
      <h1 className="text-2xl font-semibold tracking-tight">No session at this link</h1>
      <p className="text-slate-700 dark:text-slate-300">
        The link may be mistyped or cut short: a session link ends in 22 letters, digits, dashes or underscores, and capital
        letters matter.
      </p>
      <p>
        <Link href="/" className={TEXT_LINK}>
          Run a test
        </Link>
      </p>
    </div>
  );
}
