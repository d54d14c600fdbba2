import { memo } from "react";
import { dnsRecordText } from "@/lib/dns-record-text";
import { inert } from "@/lib/inert-text";
import type { EventOf } from "@/lib/schemas/events";
import { formatDt } from "./format-duration";
import { RowShell } from "./row-shell";

export type StepEvent = EventOf<"dns" | "connect" | "tls" | "message" | "close">;

const LABEL: Record<StepEvent["type"], string> = { dns: "DNS:", connect: "Connection:", tls: "TLS:", message: "Message:", close: "Closed:" };

const PURPOSE = { mx: "MX", address: "", "local-ptr": "PTR of this test's address", "remote-ptr": "PTR of the server" } as const;

/** What happened between the lines: lookups, the connection, the handshake, the end. */
function describe(e: StepEvent): { text: string; bad: boolean } {
  switch (e.type) {
    case "dns": {
      const what = PURPOSE[e.purpose] || e.query;
      const answer = e.error ?? (e.records.map(dnsRecordText).join(", ") || "no records");
      return { text: `DNS ${what} ${e.name}: ${answer} (${formatDt(e.ms)})`, bad: e.error !== null };
    }
    case "connect": {
      const to = e.host === e.address ? e.address : `${e.host} [${e.address}]`;
      return { text: `Connected to ${to} port ${e.port} from ${e.localAddress}${e.implicitTls ? ", TLS from the first byte" : ""} (${formatDt(e.ms)})`, bad: false };
    }
    case "tls": {
      const chain = e.chainVerified ? "chain verified" : `chain not verified${e.verifyError ? ` (${e.verifyError})` : ""}`;
      const name = e.hostnameMatch === null ? "" : e.hostnameMatch ? `, matches ${e.hostnameChecked}` : `, does not match ${e.hostnameChecked}`;
      const cert = e.subject ? `; certificate ${e.subject}` : "";
      return { text: `TLS ${e.protocol ?? "?"} ${e.cipher ?? ""}${cert}; ${chain}${name} (${formatDt(e.ms)})`, bad: !e.chainVerified || e.hostnameMatch === false };
    }
    case "message":
      return { text: `Message ${e.messageId ? `${e.messageId} ` : ""}(${e.size} bytes, ${e.method}) accepted${e.queueId ? `, queue id ${e.queueId}` : ""}`, bad: false };
    case "close":
      return { text: `Connection closed (${e.reason})${e.detail ? `: ${e.detail}` : ""}`, bad: e.reason !== "quit" && e.reason !== "cancelled" };
  }
}

export const EventRow = memo(function EventRow({ event }: { event: StepEvent }) {
  const { text, bad } = describe(event);
  const tls = event.type === "tls" || (event.type === "connect" && event.implicitTls);
  return (
    <RowShell event={event} direction={bad ? "warn" : "event"} label={LABEL[event.type]} tls={tls}>
      <p className={`text-xs leading-5 wrap-anywhere sm:text-sm ${bad ? "text-amber-900 dark:text-amber-100" : "text-slate-700 dark:text-slate-300"}`}>{inert(text)}</p>
    </RowShell>
  );
});
