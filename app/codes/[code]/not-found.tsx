import Link from "next/link";
import { TEXT_LINK } from "@/components/codes/detail-parts";

export default function CodeNotFound() {
  return (
    <div className="max-w-2xl space-y-4">
      <h1 className="text-2xl font-semibold tracking-tight">That is not a reply code</h1>
      <p className="text-slate-700 dark:text-slate-300">
        A basic reply code is three digits starting with 2 to 5, such as <span className="font-mono">550</span>. An enhanced
        status code is class.subject.detail with class 2, 4 or 5, such as <span className="font-mono">5.7.1</span>; the
        registry forms <span className="font-mono">X.7.1</span> and <span className="font-mono">7.1</span> work too.
      </p>
      <p>
        <Link href="/codes" className={TEXT_LINK}>
          Browse all reply codes
        </Link>
      </p>
    </div>
  );
}
