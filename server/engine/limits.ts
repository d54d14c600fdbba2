import type { EngineConfig } from "@/server/config";
import type { Profile, TimeoutOverrides } from "@/lib/schemas/request";

/** Per-phase deadlines, absolute per reply: a server trickling a byte every 200 ms still times out. */
export interface Timeouts {
  connectMs: number;
  greetingMs: number;
  commandMs: number;
  dataEndMs: number;
  tlsMs: number;
  sessionMs: number;
}

export interface WireLimits {
  /** Bytes read over the whole session before it is cut off as a flood. */
  maxSessionBytes: number;
  maxLineBytes: number;
  maxLinesPerReply: number;
}

export const DEFAULT_WIRE_LIMITS: WireLimits = {
  maxSessionBytes: 1024 * 1024,
  maxLineBytes: 4096,
  maxLinesPerReply: 256,
};

/** A reply slower than this is reported as possibly a deliberate tarpit. */
export const SLOW_REPLY_MS = 5_000;
/** How long QUIT may take when ending a session early. */
export const QUIT_GRACE_MS = 2_000;
/** How long the side probe of 587/465 may take when port 25 did not answer. */
export const PORT_PROBE_TIMEOUT_MS = 3_000;

/**
 * The deadlines a session runs with: the configured ones, or shorter ones the request asks for. A
 * request can never lengthen them: the operator's settings are the maxima (a longer wait would hold a
 * concurrency slot, and a connection to a third party, past what the operator allowed).
 */
export function timeoutsFrom(config: EngineConfig, profile: Profile, overrides: TimeoutOverrides = {}): Timeouts {
  const upTo = (max: number, asked: number | undefined) => Math.min(max, asked ?? max);
  return {
    connectMs: upTo(config.HELODESK_CONNECT_TIMEOUT_MS, overrides.connectMs),
    greetingMs: upTo(config.HELODESK_GREETING_TIMEOUT_MS, overrides.greetingMs),
    commandMs: upTo(config.HELODESK_COMMAND_TIMEOUT_MS, overrides.commandMs),
    dataEndMs: upTo(config.HELODESK_DATA_END_TIMEOUT_MS, overrides.dataEndMs),
    tlsMs: upTo(config.HELODESK_TLS_TIMEOUT_MS, overrides.tlsMs),
    sessionMs: upTo(profile === "interactive" ? config.HELODESK_INTERACTIVE_TIMEOUT_MS : config.HELODESK_SESSION_TIMEOUT_MS, overrides.sessionMs),
  };
}
