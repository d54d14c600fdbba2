import type { SessionDocument } from "../schemas/session";
import { sessionView } from "../session-view";
import { formatChecks, formatEvent } from "../transcript-text";
import { PARTY_WORDS } from "../parties";
import { type FailingStep, failingStep } from "./failing-step";
import { codeBlock, codeSpan, escapeMarkdown } from "./markdown-escape";

const STATUS = { pass: "PASS", warn: "WARN", fail: "FAIL", info: "INFO" } as const;

function result(doc: SessionDocument): string {
  if (doc.state === "interrupted") return "INTERRUPTED (HeloDesk stopped mid-session)";
  return doc.outcome?.toUpperCase() ?? "RUNNING";
}

function facts(doc: SessionDocument, shareUrl: string | undefined): string[] {
  const view = sessionView(doc.events);
  const c = view.connect;
  const connected = c ? ` — connected to ${codeSpan(c.host === c.address ? c.address : `${c.host} [${c.address}]`)}` : " — no connection was made";
  const ptr = view.localPtr;
  const ptrText = !ptr ? "not looked up" : ptr.records.length ? ptr.records.map((r) => codeSpan(r.value)).join(", ") : `none (${escapeMarkdown(ptr.error ?? "no record")})`;
  const from = c ? `${codeSpan(c.localAddress)}, PTR ${ptrText}` : "unknown (no connection)";
  const duration = view.lastT ? ` (${(view.lastT / 1000).toFixed(1)} s)` : "";
  return [
    `- **Target:** ${codeSpan(doc.target)} port ${doc.port}${connected}`,
    `- **Tested from:** ${from}`,
    `- **When:** ${doc.startedAt.replace("T", " ").replace(/\.\d+Z$/, " UTC")}${duration}`,
    `- **Test:** ${doc.profile} profile, result **${result(doc)}**`,
    ...(shareUrl ? [`- **Full session:** <${shareUrl}>`] : []),
  ];
}

function failure(step: FailingStep | null): string[] {
  if (!step) return ["## What failed", "", "No step failed: every command got the answer it expected."];
  if (step.kind === "close") {
    return [
      "## What failed",
      "",
      `The session ended with ${codeSpan(step.close.reason)}: ${escapeMarkdown(step.close.detail)}`,
      ...(step.notes.length ? ["", codeBlock(step.notes.map((n) => `*** ${n.text}`))] : []),
    ];
  }
  const { sent, reply } = step;
  const e = reply.explanation;
  const raw = [...(sent ? [`-> ${sent.line}`] : []), ...reply.lines.map((l) => `<- ${l}`)];
  const meaning = [e.summary, e.codeMeaning, e.enhanced ? `${e.enhanced.code} ${e.enhanced.title}: ${e.enhanced.detail}` : null].filter((x): x is string => Boolean(x));
  return [
    "## What failed",
    "",
    `The server answered ${sent ? codeSpan(sent.line) : "the connection"} with ${reply.code}:`,
    "",
    codeBlock(raw),
    "",
    `**What it means:** ${meaning.map(escapeMarkdown).join(" ")}`,
    ...(e.hint ? ["", `**In this context:** ${escapeMarkdown(e.hint)}`] : []),
    ...(e.action ? ["", `**What to do:** ${escapeMarkdown(e.action)}`] : []),
    ...(e.party ? ["", `**Who should act:** ${PARTY_WORDS[e.party]}`] : []),
    ...(e.reference ? ["", `Reference: ${escapeMarkdown(e.reference)}`] : []),
  ];
}

/**
 * A note ready to paste into a ticket: where and from where the test ran, when, the failing step
 * with its raw lines, what it means and who should act, the checks, then the annotated transcript.
 * Every server text is inert: escaped in prose, fenced in code, so it cannot become a link or HTML.
 */
export function escalationNote(doc: SessionDocument, options: { shareUrl?: string } = {}): string {
  const checks = doc.checks.map((c) => `- **${STATUS[c.status]}** ${escapeMarkdown(c.title)}: ${escapeMarkdown(c.detail)}`);
  const parts = [
    `# SMTP test of ${escapeMarkdown(doc.target)} port ${doc.port}: ${result(doc)}`,
    "",
    ...facts(doc, options.shareUrl),
    "",
    ...failure(failingStep(doc)),
    "",
    "## Checks",
    "",
    ...(checks.length ? checks : ["No checks were computed (the session did not finish)."]),
    "",
    "## Transcript",
    "",
    "`->` sent by HeloDesk, `<-` received from the server, `===` notes, `***` errors; explanations indented.",
    "",
    codeBlock([...doc.events.flatMap((e) => formatEvent(e)), ...(doc.checks.length ? ["", ...formatChecks(doc.checks)] : [])]),
  ];
  return `${parts.join("\n")}\n`;
}
