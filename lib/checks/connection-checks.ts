import type { Check } from "../schemas/check";
import { type SessionFacts, hasNote, replyLine, seconds } from "./facts";

/** A greeting slower than this may be a deliberate tarpit (postscreen, greet_pause). */
export const SLOW_GREETING_MS = 5_000;

export function connectionChecks(f: SessionFacts): Check[] {
  const checks: Check[] = [];
  if (!f.connect) {
    const error = f.notes.find((n) => n.level === "error");
    const refused = f.input.closeReason === "refused";
    const title = !refused ? "Connection" : error?.code === "limit-refused" ? "Refused by a HeloDesk limit" : "Target refused by policy";
    checks.push({
      id: "connection",
      status: "fail",
      title,
      detail: error?.text ?? "HeloDesk could not connect to the server.",
    });
    return checks;
  }
  const c = f.connect;
  const mxProblem = hasNote(f, "mx-ip-literal") ?? hasNote(f, "mx-lookup-failed");
  if (mxProblem) checks.push({ id: "mx-record", status: "warn", title: "MX record", detail: mxProblem.text });
  checks.push({
    id: "connection",
    status: "pass",
    title: "Connection",
    detail: `Connected to ${c.host === c.address ? c.address : `${c.host} (${c.address})`} port ${c.port} in ${seconds(c.ms)}, from ${c.localAddress}.`,
  });

  const g = f.greeting;
  if (!g) {
    const note = hasNote(f, "greeting-timeout") ?? f.notes.find((n) => n.level === "error");
    checks.push({ id: "greeting", status: "fail", title: "Greeting", detail: note?.text ?? "The server sent no greeting." });
    return checks;
  }
  const delay = g.t - c.t;
  if (g.code !== 220) {
    checks.push({ id: "greeting", status: "fail", title: "Greeting", detail: `The server refused the session at once: ${replyLine(g)}. ${g.explanation.summary}` });
    return checks;
  }
  checks.push(
    delay >= SLOW_GREETING_MS
      ? { id: "greeting", status: "warn", title: "Greeting", detail: `The 220 greeting came after ${seconds(delay)}: slow, possibly a deliberate tarpit (greeting delays catch clients that talk too early).` }
      : { id: "greeting", status: "pass", title: "Greeting", detail: `220 greeting received after ${seconds(delay)}.` },
  );
  checks.push(greetingNameCheck(f, g.text[0] ?? ""));
  return checks;
}

function greetingNameCheck(f: SessionFacts, text: string): Check {
  const name = (text.split(/\s+/)[0] ?? "").replace(/\.$/, "").toLowerCase();
  const host = f.connect!.host.toLowerCase();
  const ptr = f.remotePtr;
  const title = "Greeting host name";
  if (!name || !/^[a-z0-9.-]+\.[a-z0-9-]+$/.test(name)) {
    return { id: "greeting-name", status: "warn", title, detail: `The greeting does not start with a host name ("${text.slice(0, 60)}"), as RFC 5321 4.3.1 asks.` };
  }
  const matchesHost = name === host;
  const matchesPtr = ptr?.includes(name) ?? false;
  if (matchesPtr) return { id: "greeting-name", status: "pass", title, detail: `The greeting names ${name}, which matches the PTR of ${f.connect!.address}.` };
  if (ptr !== null && ptr.length === 0) {
    return { id: "greeting-name", status: "warn", title, detail: `The greeting names ${name}, but ${f.connect!.address} has no PTR record: receiving servers often distrust a mail server without reverse DNS.` };
  }
  if (ptr === null) {
    return { id: "greeting-name", status: matchesHost ? "pass" : "info", title, detail: `The greeting names ${name}${matchesHost ? ", the host tested" : `; the host tested is ${host}`} (the PTR of its address could not be looked up).` };
  }
  return {
    id: "greeting-name",
    status: "warn",
    title,
    detail: `The greeting names ${name}, but the PTR of ${f.connect!.address} is ${ptr.join(", ")}${matchesHost ? "" : ` and the host tested is ${host}`}: some receivers compare them.`,
  };
}
