import type { ReactNode } from "react";
import { dnsValueText } from "@/lib/dns-record-text";
import { inert } from "@/lib/inert-text";
import type { DnsEvent } from "@/lib/schemas/events";
import type { SessionView } from "@/lib/session-view";
import { PILL } from "@/components/transcript/styles";
import { FactList, PanelCard } from "./panel-card";

const USED = `${PILL} bg-sky-100 text-sky-900 ring-sky-300 dark:bg-sky-950 dark:text-sky-200 dark:ring-sky-800`;

/** DNS names compare without case and without the root dot. */
function sameName(a: string, b: string): boolean {
  return a.replace(/\.$/, "").toLowerCase() === b.replace(/\.$/, "").toLowerCase();
}

/** One lookup's answer: its records (the one used marked), or its error, or "none". */
function Answer({ lookup, used, empty }: { lookup: DnsEvent; used?: string | undefined; empty: string }) {
  if (lookup.error) return <span className="text-amber-900 dark:text-amber-200">Lookup failed: {inert(lookup.error)}</span>;
  if (!lookup.records.length) return <span className="text-slate-700 dark:text-slate-300">{empty}</span>;
  const records = [...lookup.records].sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0));
  return (
    <ul className="space-y-0.5">
      {records.map((r, i) => (
        <li key={i} className="flex flex-wrap items-baseline gap-x-2 font-mono text-xs leading-5 sm:text-sm">
          {r.priority !== undefined ? <span className="w-8 text-right text-slate-600 tabular-nums dark:text-slate-400">{r.priority}</span> : null}
          <span className="wrap-anywhere">{inert(dnsValueText(r))}</span>
          {used !== undefined && sameName(r.value, used) ? <span className={USED}>used</span> : null}
        </li>
      ))}
    </ul>
  );
}

/** Where the mail goes and who is talking: MX, addresses, the connection, and both PTRs. */
export function DnsPanel({ view, className }: { view: SessionView; className?: string }) {
  const { mx, addresses, connect, remotePtr, localPtr } = view;
  if (!mx && !addresses.length && !connect && !remotePtr && !localPtr) return null;
  const rows: [string, ReactNode][] = [];
  if (mx) {
    rows.push([`MX of ${inert(mx.name)}`, <Answer lookup={mx} used={connect?.host} empty="No MX records: mail goes to the domain's own address (RFC 5321 5.1)." />]);
  }
  for (const a of addresses) {
    rows.push([`${a.query} of ${inert(a.name)}`, <Answer lookup={a} used={connect?.address} empty="No records." />]);
  }
  if (connect) {
    const host = connect.host === connect.address ? connect.address : `${inert(connect.host)} [${connect.address}]`;
    rows.push(["Connected to", <span className="font-mono text-xs sm:text-sm">{host}:{connect.port} (IPv{connect.family}{connect.implicitTls ? ", implicit TLS" : ""})</span>]);
    rows.push(["From", <span className="font-mono text-xs sm:text-sm">{connect.localAddress}:{connect.localPort}</span>]);
  }
  if (remotePtr) rows.push([`PTR of the server (${inert(remotePtr.name)})`, <Answer lookup={remotePtr} empty="No PTR record: many receivers distrust a server without one." />]);
  if (localPtr) rows.push([`PTR of this test's address (${inert(localPtr.name)})`, <Answer lookup={localPtr} empty="No PTR record: remote servers may reject or delay this test for that alone." />]);
  return (
    <PanelCard title="DNS and connection" testId="dns" className={className}>
      <FactList rows={rows} />
    </PanelCard>
  );
}
