import type { ReactNode } from "react";
import { inert } from "@/lib/inert-text";
import type { TlsEvent } from "@/lib/schemas/events";
import { FactList, PanelCard } from "./panel-card";
import { type Status, StatusBadge } from "./status-badge";

/** A date as YYYY-MM-DD: the same on server and client, in every locale. */
function day(iso: string | null): string {
  return iso ? iso.slice(0, 10) : "unknown";
}

function expiry(daysLeft: number | null): { status: Status; text: string } | null {
  if (daysLeft === null) return null;
  if (daysLeft < 0) return { status: "fail", text: `expired ${-daysLeft} day${daysLeft === -1 ? "" : "s"} ago` };
  if (daysLeft < 14) return { status: "warn", text: `${daysLeft} day${daysLeft === 1 ? "" : "s"} left` };
  return { status: "pass", text: `${daysLeft} days left` };
}

function Verdict({ status, children }: { status: Status; children: ReactNode }) {
  return (
    <span className="inline-flex flex-wrap items-baseline gap-2">
      <StatusBadge status={status} />
      <span>{children}</span>
    </span>
  );
}

/** The server's certificate as the TLS handshake presented it, judged the way a sending MTA would. */
export function CertificatePanel({ tls, className }: { tls: TlsEvent | null; className?: string }) {
  if (!tls) return null;
  const left = expiry(tls.daysLeft);
  const rows: [string, ReactNode][] = [
    ["Protocol", `${tls.protocol ?? "unknown"}${tls.cipher ? `, ${tls.cipher}` : ""}`],
    ["Subject", <span className="font-mono">{inert(tls.subject ?? "none")}</span>],
  ];
  if (tls.subjectAltNames.length) {
    rows.push([
      "Names",
      <ul className="flex flex-wrap gap-1">
        {tls.subjectAltNames.map((n, i) => (
          <li key={i} className="rounded bg-slate-100 px-1.5 font-mono text-xs leading-5 dark:bg-slate-800">{inert(n)}</li>
        ))}
      </ul>,
    ]);
  }
  rows.push(
    ["Issuer", <span className="font-mono">{inert(tls.issuer ?? "unknown")}</span>],
    ["Valid from", <time dateTime={tls.validFrom ?? undefined}>{day(tls.validFrom)}</time>],
    ["Valid to", left ? <Verdict status={left.status}><time dateTime={tls.validTo ?? undefined}>{day(tls.validTo)}</time>, {left.text}</Verdict> : day(tls.validTo)],
    ["Self-signed", tls.selfSigned ? <Verdict status="warn">Yes: no certificate authority vouches for it</Verdict> : "No"],
    [
      "Chain",
      tls.chainVerified ? (
        <Verdict status="pass">Verified{tls.customCa ? " against the CA you supplied" : ""}</Verdict>
      ) : (
        <Verdict status="fail">Not verified{tls.verifyError ? `: ${inert(tls.verifyError)}` : ""}</Verdict>
      ),
    ],
    [
      "Host name",
      tls.hostnameMatch === null ? (
        "Not checked"
      ) : (
        <Verdict status={tls.hostnameMatch ? "pass" : "fail"}>
          {tls.hostnameMatch ? "Matches" : "Does not match"} <span className="font-mono">{inert(tls.hostnameChecked ?? "")}</span>
        </Verdict>
      ),
    ],
  );
  if (tls.fingerprint256) rows.push(["SHA-256", <span className="font-mono text-xs break-all">{tls.fingerprint256}</span>]);
  return (
    <PanelCard title="TLS certificate" testId="certificate" className={className}>
      <FactList rows={rows} />
    </PanelCard>
  );
}
