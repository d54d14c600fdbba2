import type { Config } from "@/server/config";
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

export function timeoutsFrom(config: Config, profile: Profile, overrides: TimeoutOverrides = {}): Timeouts {
  return {
    connectMs: overrides.connectMs ?? config.HELODESK_CONNECT_TIMEOUT_MS,
    greetingMs: overrides.greetingMs ?? config.HELODESK_GREETING_TIMEOUT_MS,
    commandMs: overrides.commandMs ?? config.HELODESK_COMMAND_TIMEOUT_MS,
    dataEndMs: overrides.dataEndMs ?? config.HELODESK_DATA_END_TIMEOUT_MS,
    tlsMs: overrides.tlsMs ?? config.HELODESK_TLS_TIMEOUT_MS,
    sessionMs:
      overrides.sessionMs ??
      (profile === "interactive" ? config.HELODESK_INTERACTIVE_TIMEOUT_MS : config.HELODESK_SESSION_TIMEOUT_MS),
  };
}
