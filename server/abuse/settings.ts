import { z } from "zod";

/**
 * The abuse-limit and web-hardening settings, spread into EnvSchema (server/config.ts). Defaults suit a
 * help desk's own use; a public deployment adds HELODESK_PUBLIC=1 and usually lowers the rates.
 */
const count = (name: string, fallback: number, min: number, max: number) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .int(`${name} must be a whole number`)
    .min(min, `${name} must be at least ${min}`)
    .max(max, `${name} must be at most ${max}`)
    .default(fallback);

const FLAGS: Record<string, boolean> = { "": false, "0": false, false: false, no: false, "1": true, true: true, yes: true };

const flag = (name: string) =>
  z
    .string()
    .optional()
    .refine((v) => v === undefined || v.toLowerCase() in FLAGS, { message: `${name} must be 1 or 0` })
    .transform((v) => (v === undefined ? false : FLAGS[v.toLowerCase()]!));

/** An origin as browsers send it: scheme, host and port only. */
function isOrigin(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === "http:" || u.protocol === "https:") && u.origin === s.replace(/\/$/, "");
  } catch {
    return false;
  }
}

export const ABUSE_SETTINGS = {
  HELODESK_PUBLIC: flag("HELODESK_PUBLIC").describe("Public deployment: sessions stop after RCPT TO unless HELODESK_ALLOW_SEND=1"),
  HELODESK_ALLOW_SEND: flag("HELODESK_ALLOW_SEND").describe("Under HELODESK_PUBLIC, lets a session send one small, labelled test message"),
  HELODESK_SESSIONS_PER_MINUTE: count("HELODESK_SESSIONS_PER_MINUTE", 20, 1, 1_000_000),
  HELODESK_SESSIONS_BURST: count("HELODESK_SESSIONS_BURST", 5, 1, 1_000_000).describe("Sessions one client may start within 10 seconds"),
  HELODESK_MAX_CONCURRENT_SESSIONS: count("HELODESK_MAX_CONCURRENT_SESSIONS", 50, 1, 100_000),
  HELODESK_MAX_SESSIONS_PER_CLIENT: count("HELODESK_MAX_SESSIONS_PER_CLIENT", 5, 1, 100_000),
  HELODESK_TARGET_SESSIONS_PER_MINUTE: count("HELODESK_TARGET_SESSIONS_PER_MINUTE", 30, 1, 1_000_000)
    .describe("Sessions per minute, from all clients together, to one domain or host name and to one address"),
  HELODESK_NETWORK_SESSIONS_PER_MINUTE: count("HELODESK_NETWORK_SESSIONS_PER_MINUTE", 60, 1, 1_000_000)
    .describe("Sessions per minute, from all clients together, to one /24 (IPv4) or /48 (IPv6) network"),
  HELODESK_MAX_RECIPIENTS: count("HELODESK_MAX_RECIPIENTS", 10, 1, 50).describe("RCPT TO per session, typed or requested"),
  HELODESK_MAX_MESSAGE_BYTES: count("HELODESK_MAX_MESSAGE_BYTES", 128 * 1024, 1024, 10 * 1024 * 1024),
  HELODESK_MESSAGES_PER_HOUR: count("HELODESK_MESSAGES_PER_HOUR", 20, 1, 1_000_000).describe("Test messages one client may send per hour"),
  HELODESK_MAX_VRFY_PER_SESSION: count("HELODESK_MAX_VRFY_PER_SESSION", 5, 0, 1000).describe("VRFY and EXPN typed per console session"),
  HELODESK_PROBES_PER_HOUR: count("HELODESK_PROBES_PER_HOUR", 100, 1, 1_000_000)
    .describe("RCPT TO, VRFY and EXPN one client may send per hour, over all its sessions"),
  HELODESK_SOCKET_EVENTS_PER_SECOND: count("HELODESK_SOCKET_EVENTS_PER_SECOND", 20, 1, 10_000)
    .describe("Messages one browser connection may send per second (twice as many in a burst)"),
  HELODESK_ALLOWED_ORIGINS: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(",").map((x) => x.trim().replace(/\/$/, "")).filter(Boolean) : []))
    .refine((xs) => xs.every(isOrigin), {
      message: "HELODESK_ALLOWED_ORIGINS must be a comma-separated list of origins like https://helodesk.example.com (scheme, host, optional port; no path)",
    }),
  HELODESK_ACCESS_TOKEN: z
    .string()
    .optional()
    .transform((s) => s || undefined)
    .refine((s) => s === undefined || /^[A-Za-z0-9._~-]{16,256}$/.test(s), {
      message: "HELODESK_ACCESS_TOKEN must be 16 to 256 characters of letters, digits and . _ ~ - (it travels in a URL)",
    }),
  REDIS_URL: z
    .string()
    .optional()
    .transform((s) => s?.trim() || undefined)
    .refine((s) => s === undefined || /^rediss?:\/\/[^/\s]+/.test(s), {
      message: "REDIS_URL must be a Redis URL like redis://127.0.0.1:6379 (leave it unset to keep limits in memory)",
    }),
};
