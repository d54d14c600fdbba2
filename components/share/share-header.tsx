import Link from "next/link";
import type { SessionDocument } from "@/lib/schemas/session";
import { inert } from "@/lib/inert-text";
import { rerunHref } from "./rerun-href";
import { TEXT_LINK } from "./styles";

const utc = (iso: string) => iso.replace("T", " ").replace(/(:\d\d)(\.\d+)?Z$/, "$1 UTC");

/** What was tested, when, and what the creator chose to hide: the first thing a ticket reader needs. */
export function ShareHeader({ doc, expiresAt }: { doc: SessionDocument; expiresAt: string | null }) {
  const hidden = [doc.request.share.hideAddresses ? "the sender and recipient addresses" : null, doc.request.share.hideBody ? "the message body" : null].filter(Boolean);
  return (
    <header className="space-y-2">
      <h1 className="text-xl font-semibold tracking-tight wrap-anywhere sm:text-2xl">
        SMTP test of {inert(doc.target)} port {doc.port}
      </h1>
      <dl className="flex flex-wrap gap-x-6 gap-y-1 text-sm text-slate-700 dark:text-slate-300">
        <div className="flex gap-1.5">
          <dt className="font-medium">Profile</dt>
          <dd>{doc.profile}</dd>
        </div>
        <div className="flex gap-1.5">
          <dt className="font-medium">Started</dt>
          <dd>
            <time dateTime={doc.startedAt}>{utc(doc.startedAt)}</time>
          </dd>
        </div>
        {expiresAt ? (
          <div className="flex gap-1.5" data-testid="share-expires">
            <dt className="font-medium">Link expires</dt>
            <dd>
              <time dateTime={expiresAt}>{utc(expiresAt)}</time>
            </dd>
          </div>
        ) : null}
        <div className="flex gap-1.5">
          <dt className="font-medium">Read-only</dt>
          <dd>shared link</dd>
        </div>
      </dl>
      {hidden.length ? (
        <p data-testid="redaction-notice" className="text-sm text-slate-700 dark:text-slate-300">
          The person who ran this test hid {hidden.join(" and ")} from this shared view.
        </p>
      ) : null}
      <p className="text-sm">
        <Link href={rerunHref(doc.request)} className={TEXT_LINK}>
          Run this test again
        </Link>
      </p>
    </header>
  );
}
