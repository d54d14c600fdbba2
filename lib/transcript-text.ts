import { dnsRecordText } from "./dns-record-text";
import { inert } from "./inert-text";
import type { Check } from "./schemas/check";
import type { SessionEvent } from "./schemas/events";

/** How the text is coloured; identity functions for plain text. */
export interface TextStyle {
  green(s: string): string;
  yellow(s: string): string;
  red(s: string): string;
  cyan(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

export const PLAIN: TextStyle = { green: id, yellow: id, red: id, cyan: id, dim: id, bold: id };

function id(s: string): string {
  return s;
}

/** The time since the previous step, fixed width so the arrows line up. */
function stamp(ms: number, style: TextStyle): string {
  const text = ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(1)} ms`;
  return style.dim(`[${text.padStart(9)}]`);
}

function codeColor(code: number, style: TextStyle): (s: string) => string {
  if (code >= 500) return style.red;
  if (code >= 400) return style.yellow;
  if (code >= 300) return style.cyan;
  return style.green;
}

/**
 * One event as the lines a person reads, in the arrow grammar operators know from swaks:
 * "->" sent, "<-" received, "~>" and "<~" inside TLS, "===" notes, "***" errors.
 */
export function formatEvent(event: SessionEvent, style: TextStyle = PLAIN): string[] {
  const t = stamp(event.dt, style);
  switch (event.type) {
    case "dns": {
      const records = event.records.map(dnsRecordText).join(", ");
      const what = event.purpose === "local-ptr" ? "PTR of this test's address" : event.purpose === "remote-ptr" ? "PTR of the server" : event.query;
      return [`${t} === DNS ${what} ${event.name}: ${event.error ? style.yellow(event.error) : records || "(none)"} (${event.ms.toFixed(0)} ms)`];
    }
    case "connect":
      return [
        `${t} === Connected to ${event.host === event.address ? event.address : `${event.host} [${event.address}]`} port ${event.port} from ${event.localAddress}:${event.localPort}${event.implicitTls ? " (implicit TLS)" : ""}`,
      ];
    case "wait":
      return [];
    case "send": {
      const arrow = event.tls ? "~>" : "->";
      return [`${t}  ${style.bold(arrow)} ${inert(event.line)}`];
    }
    case "reply": {
      const arrow = event.tls ? "<~" : "<-";
      const color = codeColor(event.code, style);
      const marker = event.unsolicited ? style.yellow(" (unsolicited)") : "";
      const lines = event.lines.map((line, i) => `${i === 0 ? t : " ".repeat(11)} ${style.bold(arrow)} ${color(inert(line))}${i === 0 ? marker : ""}`);
      const e = event.explanation;
      const meaning = [e.summary, e.enhanced ? `${e.enhanced.code}: ${e.enhanced.title}` : null, e.decoded ? `decoded: "${inert(e.decoded)}"` : null]
        .filter(Boolean)
        .join(" · ");
      lines.push(`${" ".repeat(15)}${style.dim(meaning)}`);
      if (e.hint && e.class !== "success" && e.class !== "intermediate") lines.push(`${" ".repeat(15)}${style.dim(`hint: ${e.hint}`)}`);
      if (event.flags.length) lines.push(`${" ".repeat(15)}${style.yellow(`flags: ${event.flags.join(", ")}`)}`);
      return lines;
    }
    case "tls": {
      const chain = event.chainVerified ? style.green("verified") : style.yellow(`not verified (${event.verifyError ?? "unknown"})`);
      const match = event.hostnameMatch === null ? "" : event.hostnameMatch ? `, matches ${event.hostnameChecked}` : style.yellow(`, does not match ${event.hostnameChecked}`);
      return [
        `${t} === TLS ${event.protocol ?? "?"} ${event.cipher ?? ""} (${event.ms.toFixed(0)} ms)`,
        `${" ".repeat(11)} === certificate ${inert(event.subject ?? "?")}; issuer ${inert(event.issuer ?? "?")}`,
        `${" ".repeat(11)} === valid ${event.validFrom?.slice(0, 10) ?? "?"} to ${event.validTo?.slice(0, 10) ?? "?"} (${event.daysLeft ?? "?"} days left)${event.selfSigned ? style.yellow(", self-signed") : ""}; chain ${chain}${match}`,
        ...(event.subjectAltNames.length ? [`${" ".repeat(11)} === names ${inert(event.subjectAltNames.join(", "))}`] : []),
      ];
    }
    case "capabilities":
      return [
        `${t} === ${event.via === "HELO" ? "HELO: no ESMTP extensions" : `Extensions${event.tls ? " (inside TLS)" : ""}:`}`,
        ...event.capabilities.map((c) => `${" ".repeat(15)}${c.known ? "" : style.yellow("? ")}${inert(c.keyword)}${c.params.length ? ` ${inert(c.params.join(" "))}` : ""} ${style.dim(`— ${c.detail}`)}`),
      ];
    case "note": {
      const text = inert(event.text);
      if (event.level === "error") return [`${t} ${style.red(`*** ${text}`)}`];
      return [`${t} === ${event.level === "warn" ? style.yellow(text) : text}`];
    }
    case "message":
      return [`${t} === Message ${event.messageId ? `${event.messageId} ` : ""}(${event.size} bytes) accepted${event.queueId ? `, queue id ${inert(event.queueId)}` : ""}`];
    case "check":
      return [];
    case "close":
      return [`${t} === Connection closed (${event.reason}): ${event.detail}`];
  }
}

const LABEL: Record<Check["status"], string> = { pass: "PASS", warn: "WARN", fail: "FAIL", info: "INFO" };

export function formatChecks(checks: Check[], style: TextStyle = PLAIN): string[] {
  const color = { pass: style.green, warn: style.yellow, fail: style.red, info: style.cyan };
  return checks.map((c) => `${color[c.status](LABEL[c.status])}  ${style.bold(c.title)}: ${inert(c.detail)}`);
}
