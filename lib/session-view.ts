import type { Check } from "./schemas/check";
import type { Capability } from "./schemas/capability";
import type { EventOf, SessionEvent, Verb } from "./schemas/events";

/** What the panels around a transcript show, derived from the events alone (live or stored). */
export interface SessionView {
  connect: EventOf<"connect"> | null;
  mx: EventOf<"dns"> | null;
  addresses: EventOf<"dns">[];
  localPtr: EventOf<"dns"> | null;
  remotePtr: EventOf<"dns"> | null;
  capabilities: { via: "EHLO" | "HELO"; tls: boolean; list: Capability[] } | null;
  tls: EventOf<"tls"> | null;
  checks: Check[];
  message: EventOf<"message"> | null;
  close: EventOf<"close"> | null;
  /** What the engine is waiting for right now, if anything. */
  waiting: { awaiting: string; since: number; timeoutMs: number } | null;
  /** The time of the last event, in ms since start. */
  lastT: number;
}

export function sessionView(events: readonly SessionEvent[]): SessionView {
  const view: SessionView = {
    connect: null,
    mx: null,
    addresses: [],
    localPtr: null,
    remotePtr: null,
    capabilities: null,
    tls: null,
    checks: [],
    message: null,
    close: null,
    waiting: null,
    lastT: 0,
  };
  for (const e of events) {
    view.lastT = e.t;
    switch (e.type) {
      case "dns":
        if (e.purpose === "mx") view.mx = e;
        else if (e.purpose === "address") view.addresses.push(e);
        else if (e.purpose === "local-ptr") view.localPtr = e;
        else view.remotePtr = e;
        break;
      case "connect":
        view.connect = e;
        break;
      case "capabilities":
        // The latest list wins: after STARTTLS the server's second EHLO answer is the one that counts.
        view.capabilities = { via: e.via, tls: e.tls, list: e.capabilities };
        break;
      case "tls":
        view.tls = e;
        break;
      case "check":
        view.checks.push(e.check);
        break;
      case "message":
        view.message = e;
        break;
      case "wait":
        view.waiting = { awaiting: e.awaiting, since: e.t, timeoutMs: e.timeoutMs };
        break;
      case "reply":
        if (!e.unsolicited) view.waiting = null;
        break;
      case "close":
        view.close = e;
        view.waiting = null;
        break;
      default:
        break;
    }
  }
  return view;
}

/** Steps for a timing waterfall: each sent line with the reply that answered it, on one time axis. */
export interface TimingStep {
  label: string;
  start: number;
  end: number;
  code: number | null;
}

export function timingSteps(events: readonly SessionEvent[]): TimingStep[] {
  const steps: TimingStep[] = [];
  // Commands still waiting for their reply, oldest first: replies come in the order the commands
  // went (RFC 5321 4.1.1; pipelined ones too), and a reply names the command it answered, so one
  // that came late, after a cancel's QUIT went, closes its own row, not QUIT's.
  let open: Array<{ step: TimingStep; command: Verb }> = [];
  for (const e of events) {
    if (e.type === "dns" && e.purpose !== "local-ptr" && e.purpose !== "remote-ptr") {
      steps.push({ label: `DNS ${e.query} ${e.name}`, start: e.t - e.ms, end: e.t, code: null });
    } else if (e.type === "connect") {
      steps.push({ label: "TCP connect", start: e.t - e.ms, end: e.t, code: null });
      open = [{ step: { label: "greeting", start: e.t, end: e.t, code: null }, command: "CONNECT" }];
    } else if (e.type === "tls") {
      steps.push({ label: "TLS handshake", start: e.t - e.ms, end: e.t, code: null });
    } else if (e.type === "send" && e.command !== "DATA-LINE") {
      open.push({ step: { label: stepLabel(e.line), start: e.t, end: e.t, code: null }, command: e.command });
    } else if (e.type === "reply" && !e.unsolicited && open.length > 0) {
      const at = Math.max(0, open.findIndex((o) => o.command === e.command));
      const { step } = open[at]!;
      step.end = e.t;
      step.code = e.code;
      steps.push(step);
      // Anything sent before it was never answered: left out.
      open = open.slice(at + 1);
    }
  }
  return steps;
}

/**
 * A command as a waterfall row names it: an address whole, "[recipient hidden]" included ("RCPT
 * TO:<bob@example.net>", parameters after it left out), otherwise the first two words ("EHLO
 * tester.example.org", "AUTH PLAIN").
 */
function stepLabel(line: string): string {
  const close = line.indexOf(">");
  if (line.indexOf("<") >= 0 && close > 0) return line.slice(0, close + 1);
  return line.split(" ").slice(0, 2).join(" ");
}
