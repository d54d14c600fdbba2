import Link from "next/link";
import { TEXT_LINK } from "@/components/share/styles";

/** Any address the app does not have. Next's own page styles itself inline, which the CSP refuses. */
export default function NotFound() {
  return (
    <div data-testid="page-not-found" className="max-w-2xl space-y-4">
      <h1 className="text-2xl font-semibold tracking-tight">No page at this address</h1>
      <p className="text-slate-700 dark:text-slate-300">The address may be mistyped. HeloDesk has a test page, a console, a walkthrough and the reply code reference.</p>
      <ul className="list-disc space-y-1 pl-6">
        <li>
          <Link href="/" className={TEXT_LINK}>
            Test a mail server
          </Link>
        </li>
        <li>
          <Link href="/console" className={TEXT_LINK}>
            SMTP console
          </Link>
        </li>
        <li>
          <Link href="/walkthrough" className={TEXT_LINK}>
            Guided walkthrough
          </Link>
        </li>
        <li>
          <Link href="/codes" className={TEXT_LINK}>
            Reply codes
          </Link>
        </li>
      </ul>
    </div>
  );
}
