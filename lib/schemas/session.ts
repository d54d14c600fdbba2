import { z } from "zod";
import { Check } from "./check";
import { CloseReason, SessionEvent } from "./events";
import { Profile, PublicRequest } from "./request";

export const OUTCOMES = ["pass", "warn", "fail", "error"] as const;
export const Outcome = z.enum(OUTCOMES);
export type Outcome = z.infer<typeof Outcome>;

export const SESSION_STATES = ["running", "finished", "interrupted"] as const;
export const SessionState = z.enum(SESSION_STATES);

/** The one contract between engine, CLI, store, socket.io and UI. */
export const SessionDocument = z.object({
  version: z.literal(1),
  id: z.string(),
  target: z.string(),
  port: z.number().int(),
  profile: Profile,
  request: PublicRequest,
  startedAt: z.string().describe("ISO 8601 wall-clock time the session started"),
  endedAt: z.string().nullable(),
  state: SessionState,
  outcome: Outcome.nullable().describe("pass | warn | fail | error; null only while running"),
  closeReason: CloseReason.nullable(),
  events: z.array(SessionEvent),
  checks: z.array(Check),
});
export type SessionDocument = z.infer<typeof SessionDocument>;
