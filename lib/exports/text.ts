import { inert } from "../inert-text";
import type { SessionDocument } from "../schemas/session";
import { formatChecks, formatEvent } from "../transcript-text";
import { failingStep, resultWord } from "./failing-step";

/** Where and when, as the first lines of an export: enough to file it without the page. */
export function headerLines(doc: SessionDocument): string[] {
  return [
    `HeloDesk session ${doc.id}`,
    `Target:  ${inert(doc.target)} port ${doc.port}, profile ${doc.profile}`,
    `Started: ${doc.startedAt}${!doc.endedAt ? " (still running)" : doc.state === "interrupted" ? `, last event ${doc.endedAt}` : `, ended ${doc.endedAt}`}`,
    `Result:  ${resultWord(doc)}`,
  ];
}

/**
 * The session as a telnet log reads: the arrow transcript the CLI prints ("->" sent, "<-" received,
 * "===" notes), every server line made inert, then the report card.
 */
export function transcriptText(doc: SessionDocument): string {
  const lines = [...headerLines(doc), "", ...doc.events.flatMap((e) => formatEvent(e))];
  const step = doc.state === "interrupted" ? failingStep(doc) : null;
  if (step?.kind === "interrupted") lines.push(`*** HeloDesk stopped here${step.awaiting ? `, while awaiting ${step.awaiting.awaiting}` : ""}: the test did not finish.`);
  if (doc.checks.length > 0) lines.push("", "Checks:", ...formatChecks(doc.checks));
  return `${lines.join("\n")}\n`;
}

/** The session document itself, as the API serves it. */
export function transcriptJson(doc: SessionDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

export type ExportFormat = "txt" | "md" | "json";

/** `helodesk-mail.example.com-2025-03-04T0506.txt`: sortable, and safe as a file name anywhere. */
export function exportFilename(doc: SessionDocument, format: ExportFormat): string {
  const target = doc.target.replace(/[^A-Za-z0-9.-]+/g, "_").slice(0, 80);
  const when = doc.startedAt.slice(0, 16).replace(/:/g, "");
  return `helodesk-${target}-${when}.${format}`;
}
