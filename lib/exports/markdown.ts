import type { Check } from "../schemas/check";
import type { CloseReason } from "../schemas/events";
import type { Party } from "../schemas/explanation";
import type { SessionDocument } from "../schemas/session";
import { sessionView } from "../session-view";
import { formatChecks, formatEvent } from "../transcript-text";
import { PARTY_WORDS } from "../parties";
import { type FailingStep, failingStep, resultWord } from "./failing-step";
import { codeBlock, codeSpan, escapeMarkdown } from "./markdown-escape";

const STATUS = { pass: "PASS", warn: "WARN", fail: "FAIL", info: "INFO" } as const;

function facts(doc: SessionDocument, shareUrl: string | undefined): string[] {
  const view = sessionView(doc.events);
  const c = view.connect;
  const connected = c ? ` — connected to ${codeSpan(c.host === c.address ? c.address : `${c.host} [${c.address}]`)}` : " — no connection was made";
  const ptr = view.localPtr;
  const ptrText = !ptr ? "not looked up" : ptr.records.length ? ptr.records.map((r) => codeSpan(r.value)).join(", ") : `none (${escapeMarkdown(ptr.error ?? "no record")})`;
  const from = c ? `${codeSpan(c.localAddress)}, PTR ${ptrText}` : "unknown (no connection)";
  const seconds = `${(view.lastT / 1000).toFixed(1)} s`;
  // An interrupted session's end is unknown: only when it last did something.
  const duration = doc.state === "interrupted" ? ` (last event after ${seconds}; HeloDesk stopped some time after that)` : view.lastT ? ` (${seconds})` : "";
  return [
    `- **Target:** ${codeSpan(doc.target)} port ${doc.port}${connected}`,
    `- **Tested from:** ${from}`,
    `- **When:** ${doc.startedAt.replace("T", " ").replace(/\.\d+Z$/, " UTC")}${duration}`,
    `- **Test:** ${doc.profile} profile, result **${resultWord(doc)}**`,
    ...(shareUrl ? [`- **Full session:** <${shareUrl}>`] : []),
  ];
}

/** Who acts on a session that broke rather than got a refusal. */
const CLOSE_PARTY: Record<Exclude<CloseReason, "quit">, Party> = {
  timeout: "server-admin",
  "peer-closed": "server-admin",
  "protocol-error": "server-admin",
  "connect-failed": "network",
  refused: "tester",
  cancelled: "tester",
};

const checkList = (checks: Check[]) => checks.map((c) => `- **${escapeMarkdown(c.title)}:** ${escapeMarkdown(c.detail)}`);

function failedChecks(checks: Check[]): string[] {
  if (checks.length === 0) return [];
  return ["", checks.length === 1 ? "Failed check:" : "Failed checks:", "", ...checkList(checks)];
}

function nothingFailed(doc: SessionDocument): string {
  if (doc.state === "running") return "The session is still running; open the link above for where it is now.";
  const warned = doc.checks.filter((c) => c.status === "warn");
  if (warned.length > 0) return `No check failed; ${warned.length === 1 ? "one warns" : `${warned.length} warn`}: ${warned.map((c) => escapeMarkdown(c.title)).join(", ")} (below).`;
  return "No check failed.";
}

function failure(doc: SessionDocument, step: FailingStep | null): string[] {
  const head = ["## What failed", ""];
  if (!step) return [...head, nothingFailed(doc)];
  if (step.kind === "interrupted") {
    const w = step.awaiting;
    return [
      ...head,
      "HeloDesk itself stopped in the middle of this test (its server was restarted or killed), so the test did not finish and proves nothing about the mail server" +
        (w ? `. It was waiting for ${escapeMarkdown(w.awaiting)} (it would have given up after ${(w.timeoutMs / 1000).toFixed(0)} s).` : "."),
      "",
      "**What to do:** run the test again. If it keeps happening, tell whoever runs HeloDesk.",
    ];
  }
  if (step.kind === "checks") return [...head, "The server answered every command, but the test failed on what it saw:", "", ...checkList(step.checks)];
  if (step.kind === "close") {
    const reason = step.close.reason;
    return [
      ...head,
      `The session ended with ${codeSpan(reason)}: ${escapeMarkdown(step.close.detail)}`,
      ...(step.notes.length ? ["", codeBlock(step.notes.map((n) => `*** ${n.text}`))] : []),
      ...(reason !== "quit" ? ["", `**Who should act:** ${PARTY_WORDS[CLOSE_PARTY[reason]]}`] : []),
      ...failedChecks(step.checks),
    ];
  }
  const { sent, reply } = step;
  const e = reply.explanation;
  const raw = [...(sent ? [`-> ${sent.line}`] : []), ...reply.lines.map((l) => `<- ${l}`)];
  // The codes' own definitions, labelled as such: a 451's "a problem of its own" beside "most likely
  // greylisting" reads as a second diagnosis otherwise.
  const codes = [`${reply.code}: ${e.codeMeaning}`, ...(e.enhanced ? [`${e.enhanced.code} ${e.enhanced.title}: ${e.enhanced.detail}`] : [])];
  return [
    ...head,
    `The server answered ${sent ? codeSpan(sent.line) : "the connection"} with ${reply.code}:`,
    "",
    codeBlock(raw),
    "",
    `**What it means:** ${escapeMarkdown(e.summary)}`,
    "",
    `**The codes by definition:** ${codes.map(escapeMarkdown).join(" ")}`,
    ...(e.hint ? ["", `**In this context:** ${escapeMarkdown(e.hint)}`] : []),
    ...(e.action ? ["", `**What to do:** ${escapeMarkdown(e.action)}`] : []),
    ...(e.party ? ["", `**Who should act:** ${PARTY_WORDS[e.party]}`] : []),
    ...(e.reference ? ["", `Reference: ${escapeMarkdown(e.reference)}`] : []),
    ...failedChecks(step.checks),
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
    `# SMTP test of ${codeSpan(doc.target)} port ${doc.port}: ${resultWord(doc)}`,
    "",
    ...facts(doc, options.shareUrl),
    "",
    ...failure(doc, failingStep(doc)),
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
