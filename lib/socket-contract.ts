import { z } from "zod";
import { SessionEvent } from "./schemas/events";
import { SessionRequest } from "./schemas/request";
import { Outcome } from "./schemas/session";

/**
 * The socket.io contract, version 1: event names namespaced by concern, every payload a zod schema,
 * every ack a success-or-error union. The server safeParses each payload before use; the client
 * parses what it renders.
 */
export const SOCKET_CONTRACT_VERSION = 1;

const SessionId = z
  .string({ error: "give the session id (the part after /t/ in its link)" })
  .regex(/^[A-Za-z0-9_-]{22,64}$/, "not a session id: it is the 22-character code after /t/ in the link");
const ControlToken = z
  .string({ error: "give the control token the start acknowledgement returned" })
  .regex(/^[A-Za-z0-9_-]{22,64}$/, "not a control token: use the one the start acknowledgement returned");

export const StartPayload = SessionRequest;

export const InputPayload = z.object({
  id: SessionId,
  token: ControlToken,
  line: z.string().max(2000, "a typed line is at most 2000 characters (an SMTP command at most 998)"),
}, { error: "send {id, token, line}: the session, its control token and the line to type" });

export const CancelPayload = z.object({ id: SessionId, token: ControlToken }, { error: "send {id, token}: the session and its control token" });

/** Follow a session: replay every event after `after` (a seq), then live. Reconnects resume here. */
export const WatchPayload = z.object({
  id: SessionId,
  after: z
    .number({ error: "after must be the seq of the last event you have, a whole number (-1 for all)" })
    .int("after must be the seq of the last event you have, a whole number (-1 for all)")
    .min(-1, "after must be -1 (all events) or the seq of the last event you have")
    .default(-1),
  token: ControlToken.optional().describe("The creator's control token re-attaches control after a reconnect"),
}, { error: "send {id, after}: the session to follow and the last event seq you have (-1 for all)" });

export const SessionEventMessage = z.object({ id: SessionId, event: SessionEvent });
export const SessionEndMessage = z.object({ id: SessionId, outcome: Outcome.nullable() });

/** Problems with a payload, one per field, each a sentence saying what to fix. */
export const FieldIssue = z.object({ path: z.string(), message: z.string() });
export type FieldIssue = z.infer<typeof FieldIssue>;

export type AckError = { ok: false; error: string; issues?: FieldIssue[]; retryAfterSec?: number };
/** `token` controls the live session (console, cancel); `deleteToken` removes it from the store, shown once. */
export type StartAck = { ok: true; id: string; token: string; deleteToken: string } | AckError;
export type InputAck =
  | { ok: true; mode: "command" | "data"; replyCode: number | null }
  | AckError;
export type SimpleAck = { ok: true } | AckError;
export type WatchAck = { ok: true; state: "running" | "finished" } | AckError;

export interface ClientToServerEvents {
  "session:start": (payload: unknown, ack: (result: StartAck) => void) => void;
  "session:input": (payload: unknown, ack: (result: InputAck) => void) => void;
  "session:cancel": (payload: unknown, ack: (result: SimpleAck) => void) => void;
  "session:watch": (payload: unknown, ack: (result: WatchAck) => void) => void;
}

export interface ServerToClientEvents {
  "session:event": (message: z.infer<typeof SessionEventMessage>) => void;
  "session:end": (message: z.infer<typeof SessionEndMessage>) => void;
}

export const sessionRoom = (id: string) => `session:${id}`;

/** zod issues as field sentences, for forms and acks alike. */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
}

/** One plain sentence for the whole payload. */
export function firstProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "the request is not valid";
  const field = issue.path.map(String).join(".");
  return field && !issue.message.toLowerCase().includes(field.split(".")[0]!.toLowerCase()) ? `${field}: ${issue.message}` : issue.message;
}
