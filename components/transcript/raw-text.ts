import { inert } from "@/lib/inert-text";
import type { SessionEvent } from "@/lib/schemas/events";
import { sessionView } from "@/lib/session-view";
import { formatChecks, formatEvent } from "@/lib/transcript-text";

export interface RawLine {
  /** Who put the line on the screen: the client, the server, or telnet itself. */
  from: "client" | "server" | "telnet";
  text: string;
}

/**
 * The session as a telnet window shows it: the lines typed, the server's replies exactly as
 * received, and telnet's own "Trying…/Connected to…" lines. CRLF ends a line; any other CR or
 * control character stays visible (inert), since that is what a broken server is judged by.
 */
export function rawLines(events: readonly SessionEvent[]): RawLine[] {
  const out: RawLine[] = [];
  for (const e of events) {
    if (e.type === "connect") {
      out.push({ from: "telnet", text: `Trying ${e.address}...` }, { from: "telnet", text: `Connected to ${inert(e.host)}.` });
    } else if (e.type === "send") {
      out.push({ from: "client", text: inert(e.line) });
    } else if (e.type === "reply") {
      const raw = e.raw.replace(/\r\n/g, "\n").replace(/\n$/, "");
      for (const line of raw.split("\n")) out.push({ from: "server", text: inert(line) });
    } else if (e.type === "close") {
      const text =
        e.reason === "connect-failed" || e.reason === "refused"
          ? `telnet: Unable to connect to remote host: ${inert(e.detail)}`
          : e.reason === "quit" || e.reason === "peer-closed"
            ? "Connection closed by foreign host."
            : "Connection closed.";
      out.push({ from: "telnet", text });
    }
  }
  return out;
}

export function rawText(events: readonly SessionEvent[]): string {
  return rawLines(events)
    .map((l) => l.text)
    .join("\n");
}

/** The annotated transcript as text (the CLI's format), with the report card after it. */
export function annotatedText(events: readonly SessionEvent[]): string {
  const lines = events.flatMap((e) => formatEvent(e));
  const checks = sessionView(events).checks;
  if (checks.length) lines.push("", ...formatChecks(checks));
  return lines.join("\n");
}
