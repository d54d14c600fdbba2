import type { CloseReason } from "@/lib/schemas/events";
import type { Reply } from "@/lib/schemas/reply";

/** Every way a session can end early, with the close reason it maps to. */
export const SESSION_ERRORS = {
  "connect-refused": "connect-failed",
  "connect-timeout": "connect-failed",
  "connect-unreachable": "connect-failed",
  "connect-failed": "connect-failed",
  "dns-failed": "connect-failed",
  "no-address": "connect-failed",
  "null-mx": "connect-failed",
  "policy-refused": "refused",
  "limit-refused": "refused",
  "greeting-timeout": "timeout",
  "reply-timeout": "timeout",
  "tls-timeout": "timeout",
  "session-timeout": "timeout",
  "peer-closed": "peer-closed",
  "not-smtp": "protocol-error",
  "tls-in-plaintext": "protocol-error",
  "plaintext-in-tls": "protocol-error",
  "tls-handshake-failed": "protocol-error",
  "too-much-data": "protocol-error",
  "reply-flood": "protocol-error",
  "socket-error": "peer-closed",
  cancelled: "cancelled",
} as const satisfies Record<string, CloseReason>;
export type SessionErrorCode = keyof typeof SESSION_ERRORS;

export class SessionError extends Error {
  override name = "SessionError";
  constructor(
    readonly code: SessionErrorCode,
    message: string,
    readonly details: { reply?: Reply; cause?: unknown; awaiting?: string } = {},
  ) {
    // It reports what the server did, not where the code was: no stack (capturing one cost ~10 µs on
    // every session's close). An underlying error keeps its own stack as the cause.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message, { cause: details.cause });
    Error.stackTraceLimit = limit;
  }

  get closeReason(): CloseReason {
    return SESSION_ERRORS[this.code];
  }
}

/** The one factory: every engine failure is built here, so codes and wording stay in one place. */
export function sessionError(code: SessionErrorCode, message: string, details?: SessionError["details"]): SessionError {
  return new SessionError(code, message, details);
}

export function isSessionError(err: unknown): err is SessionError {
  return err instanceof SessionError;
}

/** The target policy's refusal, as the transcript and a refused start both say it. */
export function refusedToConnect(where: string, reason: string): string {
  return `Refused to connect to ${where}: ${reason}`;
}
