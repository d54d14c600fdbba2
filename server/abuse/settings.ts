import { z } from "zod";

/** An empty variable (`PORT=` in a unit file or an .env) counts as unset: the default applies. */
export const unsetIfEmpty = (value: unknown) => (value === "" ? undefined : value);

const NOUN: Record<string, string> = { ms: " of milliseconds", days: " of days" };

/**
 * A whole number in plain decimal digits, from min to max; `unit` ("ms", "days") goes in the messages.
 * Not z.coerce.number: it reads "0x1F90" as 8080, "1e3" as 1000 and " " as 0, none of which an
 * operator means. Exported for server/config.ts, which spreads these settings in and so cannot be
 * imported from here.
 */
export function wholeNumber(name: string, fallback: number, min: number, max: number, unit = "") {
  const suffix = unit ? ` ${unit}` : "";
  return z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .trim()
      .regex(/^\d+$/, `${name} must be a whole number${NOUN[unit] ?? ""} in plain digits, like ${fallback}`)
      .transform(Number)
      .pipe(z.number().min(min, `${name} must be at least ${min}${suffix}`).max(max, `${name} must be at most ${max}${suffix}`))
      .default(fallback),
  );
}

const count = (name: string, fallback: number, min: number, max: number) => wholeNumber(name, fallback, min, max);

const FLAGS: Record<string, boolean> = { "": false, "0": false, false: false, no: false, "1": true, true: true, yes: true };

const flag = (name: string) =>
  z
    .string()
    .optional()
    .refine((v) => v === undefined || v.toLowerCase() in FLAGS, { message: `${name} must be 1 or 0` })
    .transform((v) => (v === undefined ? false : FLAGS[v.toLowerCase()]!));

/**
 * An origin as browsers send it in the Origin header, or null: new URL(x).origin, so the equivalent
 * https://A.example and https://a.example:443 both become https://a.example, the form compared with.
 */
function toOrigin(s: string): string | null {
  if (/[?#]/.test(s) || !URL.canParse(s)) return null;
  const u = new URL(s);
  const web = u.protocol === "http:" || u.protocol === "https:";
  return web && !u.username && !u.password && u.pathname === "/" && u.port !== "0" ? u.origin : null;
}

/** redis:// or rediss:// with a host and a port from 1 to 65535 (the URL parser refuses larger ones). */
function isRedisUrl(s: string): boolean {
  if (!URL.canParse(s)) return false;
  const u = new URL(s);
  return (u.protocol === "redis:" || u.protocol === "rediss:") && u.hostname !== "" && u.port !== "0";
}

/**
 * The abuse-limit and web-hardening settings, spread into EnvSchema (server/config.ts). Defaults suit a
 * help desk's own use; a public deployment adds HELODESK_PUBLIC=1 and usually lowers the rates.
 */
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
    .transform((s) => (s ? s.split(",").map((x) => x.trim()).filter(Boolean) : []))
    .refine((xs) => xs.every((x) => toOrigin(x) !== null), {
      message: "HELODESK_ALLOWED_ORIGINS must be a comma-separated list of origins like https://helodesk.example.com (http or https, a host, an optional port; no path, user name, query or fragment)",
    })
    .transform((xs) => xs.map((x) => toOrigin(x)!)),
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
    .refine((s) => s === undefined || isRedisUrl(s), {
      // Never the value: it may carry the password.
      message: "REDIS_URL must be a Redis URL like redis://127.0.0.1:6379 or rediss://user:password@redis.example:6380, with a port from 1 to 65535 (leave it unset to keep limits in memory)",
    }),
};
