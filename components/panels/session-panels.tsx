import type { SessionEvent } from "@/lib/schemas/events";
import type { Outcome } from "@/lib/schemas/session";
import { sessionView } from "@/lib/session-view";
import { CapabilitiesPanel } from "./capabilities-panel";
import { CertificatePanel } from "./certificate-panel";
import { ChecksCard } from "./checks-card";
import { DnsPanel } from "./dns-panel";
import { TimingWaterfall } from "./timing-waterfall";

/**
 * Everything around the transcript, derived from the events alone, so a live session and a stored
 * one look the same. Each panel renders nothing until it has something to show; one column on
 * phones, two from md up.
 */
export function SessionPanels({ events, outcome }: { events: SessionEvent[]; outcome: Outcome | null }) {
  if (!events.length && outcome === null) return null;
  const view = sessionView(events);
  return (
    <div data-testid="session-panels" className="grid min-w-0 grid-cols-1 gap-4 md:grid-cols-2">
      <ChecksCard checks={view.checks} outcome={outcome} className="md:col-span-2" />
      <DnsPanel view={view} />
      <CertificatePanel tls={view.tls} />
      <CapabilitiesPanel capabilities={view.capabilities} />
      <TimingWaterfall events={events} className="md:col-span-2" />
    </div>
  );
}
