import type { Verb } from "@/lib/schemas/events";

/** A limit that said no, in words for the user, and when trying again can work. */
export interface Refusal {
  /** Which limit, e.g. "recipients-per-session". */
  limit: string;
  message: string;
  retryAfterSec?: number;
}

/**
 * Abuse limits asked at the engine's own decision points; server/abuse implements it per session.
 * A hook answers null to go on. What it refuses is never sent: the engine reports the refusal instead.
 */
export interface SessionGuard {
  /** After DNS and the target policy, before any connect: the addresses that may be tried. */
  connecting(addresses: string[]): Promise<Refusal | null>;
  /** Before a console line goes out: RCPT, VRFY, EXPN and DATA typed by hand. */
  command(verb: Verb): Promise<Refusal | null>;
  /** A message of this many bytes is about to be sent (the console asks line by line). */
  messageSize(bytes: number): Refusal | null;
  /** The send profile's message goes out now (DATA or BDAT): from here on it counts as sent. */
  messageGoing(): void;
  /** False on a public deployment that does not allow sending: sessions stop after RCPT TO. */
  readonly sendAllowed: boolean;
  /** Header fields added to every message sent, naming where it came from; empty when none. */
  messageHeaders(sessionId: string): Record<string, string>;
}

/** Engine-side default: no limits (the CLI runs one session for its own user). */
export const NO_GUARD: SessionGuard = {
  connecting: async () => null,
  command: async () => null,
  messageSize: () => null,
  messageGoing: () => {},
  sendAllowed: true,
  messageHeaders: () => ({}),
};
