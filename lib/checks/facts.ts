import type { CloseReason, EventOf, SessionEvent } from "../schemas/events";
import type { PublicRequest } from "../schemas/request";

export interface CheckInput {
  request: PublicRequest;
  events: SessionEvent[];
  closeReason: CloseReason;
}

/** The events a session's checks read, picked out once. */
export interface SessionFacts {
  input: CheckInput;
  connect: EventOf<"connect"> | null;
  replies: EventOf<"reply">[];
  greeting: EventOf<"reply"> | null;
  capabilities: EventOf<"capabilities">[];
  tls: EventOf<"tls"> | null;
  notes: EventOf<"note">[];
  message: EventOf<"message"> | null;
  remotePtr: string[] | null;
  submissionPort: boolean;
}

export const SUBMISSION_PORTS = new Set([465, 587, 2525]);

export function factsOf(input: CheckInput): SessionFacts {
  const of = <T extends SessionEvent["type"]>(type: T) => input.events.filter((e): e is EventOf<T> => e.type === type);
  const replies = of("reply");
  const ptr = of("dns").find((e) => e.purpose === "remote-ptr");
  return {
    input,
    connect: of("connect")[0] ?? null,
    replies,
    greeting: replies.find((r) => r.command === "CONNECT") ?? null,
    capabilities: of("capabilities"),
    tls: of("tls")[0] ?? null,
    notes: of("note"),
    message: of("message")[0] ?? null,
    remotePtr: ptr ? remotePtrNames(ptr) : null,
    submissionPort: SUBMISSION_PORTS.has(input.request.port),
  };
}

export function hasNote(facts: SessionFacts, code: string): EventOf<"note"> | undefined {
  return facts.notes.find((n) => n.code === code);
}

export function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** "550 5.7.1 Unable to relay" as one line, for details. */
export function replyLine(reply: EventOf<"reply">): string {
  const text = reply.text.join(" ").trim();
  return [String(reply.code), reply.enhancedCode ?? "", text].filter(Boolean).join(" ").slice(0, 160);
}

/** The server's PTR names: [] when DNS says there is none, null when DNS could not say. */
function remotePtrNames(ptr: EventOf<"dns">): string[] | null {
  if (ptr.error === null) return ptr.records.map((r) => r.value.replace(/\.$/, "").toLowerCase());
  return /NXDOMAIN|no record/.test(ptr.error) ? [] : null;
}
