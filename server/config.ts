import { isIP } from "node:net";
import { distance as levenshtein } from "fastest-levenshtein";
import { z } from "zod";
import { HELO_NAME_PROBLEM, isAsciiHostname, isHeloName } from "@/lib/schemas/primitives";
import { ABUSE_SETTINGS, unsetIfEmpty, wholeNumber } from "./abuse/settings";

const list = (s: string) => s.split(",").map((x) => x.trim()).filter(Boolean);

const ms = (name: string, fallback: number, max: number) => wholeNumber(name, fallback, 100, max, "ms");
/** The longest a whole (non-interactive) session may be set to run. */
export const SESSION_TIMEOUT_MAX_MS = 900_000;

const isPortNumber = (digits: string) => /^\d{1,5}$/.test(digits) && Number(digits) >= 1 && Number(digits) <= 65535;

/**
 * A DNS server as dns.Resolver#setServers takes it: IPv4, IPv4:port, IPv6, [IPv6] or [IPv6]:port.
 * Checked here, not left to setServers: it takes port 0, on which c-ares later aborts the whole process.
 */
function isDnsServer(entry: string): boolean {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return isIP(bracketed[1]!) === 6 && (bracketed[2] === undefined || isPortNumber(bracketed[2]));
  if (isIP(entry) === 6) return true;
  const v4 = /^([^:]+)(?::(\d+))?$/.exec(entry);
  return v4 !== null && isIP(v4[1]!) === 4 && (v4[2] === undefined || isPortNumber(v4[2]));
}

export interface PortRange {
  from: number;
  to: number;
}

function isPortOrRange(x: string): boolean {
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(x);
  if (!m) return false;
  const from = Number(m[1]);
  const to = Number(m[2] ?? m[1]);
  return from >= 1 && to <= 65535 && from <= to;
}

function toRange(x: string): PortRange {
  const [from, to] = x.split("-").map(Number);
  return { from: from!, to: to ?? from! };
}

const CIDR = z.union([z.cidrv4(), z.cidrv6()]);

/** A comma-separated list of CIDR ranges; empty when unset. */
const cidrList = (message: string) =>
  z
    .string()
    .optional()
    .transform((s) => (s ? list(s) : []))
    .refine((xs) => xs.every((x) => CIDR.safeParse(x).success), { message });

/**
 * http or https, a host, an optional port and path; no user name (a share link would hand it out), no
 * query or fragment (share paths are appended to it).
 */
function isPublicUrl(s: string): boolean {
  if (/[\s?#]/.test(s) || !URL.canParse(s)) return false;
  const u = new URL(s);
  return (u.protocol === "http:" || u.protocol === "https:") && u.hostname !== "" && !u.username && !u.password && u.port !== "0";
}

/** pino's levels, lowest to highest, and "silent". */
export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;

export const LogLevel = z.preprocess(
  (v) => (typeof v === "string" ? unsetIfEmpty(v.trim().toLowerCase()) : v),
  z.enum(LOG_LEVELS, { error: `HELODESK_LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}` }).default("info"),
);

/**
 * The settings the session engine reads (server/engine: DNS, target policy, EHLO name, deadlines): all
 * the CLI validates. Defaults are shorter than RFC 5321 4.5.3.2's (5 minutes for the greeting): a
 * person is watching, and a tarpit is reported, not waited out.
 */
export const EngineEnvSchema = z.object({
  HELODESK_DNS_SERVERS: z
    .string()
    .optional()
    .transform((s) => (s ? list(s) : []))
    .superRefine((xs, ctx) => {
      for (const x of xs.filter((x) => !isDnsServer(x))) {
        ctx.addIssue({
          code: "custom",
          message: `HELODESK_DNS_SERVERS: "${x}" is not a DNS server: list IP addresses, each with an optional port from 1 to 65535, like 192.0.2.53, 192.0.2.53:5353, 2001:db8::53 or [2001:db8::53]:5353`,
        });
      }
    }),
  HELODESK_ALLOWED_NETWORKS: cidrList("HELODESK_ALLOWED_NETWORKS must be a comma-separated list of CIDR ranges, like 10.0.0.0/8,127.0.0.1/32"),
  HELODESK_ALLOWED_PORTS: z
    .preprocess(unsetIfEmpty, z.string().default("25,465,587,2525"))
    .transform(list)
    // Set but naming no port (" " or ","): every target would be refused, which nobody means.
    .refine((xs) => xs.length > 0, { message: "HELODESK_ALLOWED_PORTS must list at least one port, like 25,465,587,2525 (leave it unset for those)" })
    .refine((xs) => xs.every(isPortOrRange), {
      message: "HELODESK_ALLOWED_PORTS must be a comma-separated list of ports or ranges, like 25,465,587,2525 or 2500-2599",
    })
    .transform((xs) => xs.map(toRange)),
  HELODESK_HELO_NAME: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .refine(isHeloName, { message: `HELODESK_HELO_NAME: ${HELO_NAME_PROBLEM}` })
      .optional(),
  ),
  HELODESK_CONNECT_TIMEOUT_MS: ms("HELODESK_CONNECT_TIMEOUT_MS", 10_000, 120_000),
  HELODESK_GREETING_TIMEOUT_MS: ms("HELODESK_GREETING_TIMEOUT_MS", 30_000, 300_000),
  HELODESK_COMMAND_TIMEOUT_MS: ms("HELODESK_COMMAND_TIMEOUT_MS", 30_000, 300_000),
  HELODESK_DATA_END_TIMEOUT_MS: ms("HELODESK_DATA_END_TIMEOUT_MS", 60_000, 600_000),
  HELODESK_TLS_TIMEOUT_MS: ms("HELODESK_TLS_TIMEOUT_MS", 15_000, 120_000),
  HELODESK_SESSION_TIMEOUT_MS: ms("HELODESK_SESSION_TIMEOUT_MS", 180_000, SESSION_TIMEOUT_MAX_MS),
  HELODESK_INTERACTIVE_TIMEOUT_MS: ms("HELODESK_INTERACTIVE_TIMEOUT_MS", 600_000, 3_600_000),
});
export type EngineConfig = z.infer<typeof EngineEnvSchema>;

/** Every setting HeloDesk reads, validated once at start: the engine's and the server's. */
export const EnvSchema = EngineEnvSchema.extend({
  PORT: wholeNumber("PORT", 3000, 0, 65535),
  HOST: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .trim()
      .refine((s) => isIP(s) !== 0 || isAsciiHostname(s), {
        message: "HOST must be an IP address or a host name of this machine to listen on, like 127.0.0.1, 0.0.0.0, :: or localhost (no brackets, no port: that is PORT)",
      })
      .default("127.0.0.1"),
  ),
  HELODESK_LOG_LEVEL: LogLevel,
  ...ABUSE_SETTINGS,
  HELODESK_DATA_DIR: z.preprocess(unsetIfEmpty, z.string().regex(/\S/, "HELODESK_DATA_DIR must name a directory").default("./data"))
    .describe("Where the SQLite session store lives (created when missing); unused when DATABASE_URL is set"),
  DATABASE_URL: z
    .string()
    .optional()
    .transform((s) => s?.trim() || undefined)
    .refine((s) => s === undefined || (/^postgres(ql)?:\/\/[^/\s]+/.test(s) && URL.canParse(s)), {
      message: "DATABASE_URL must be a PostgreSQL URL like postgresql://user:password@127.0.0.1:5432/helodesk (leave it unset to use SQLite)",
    }),
  HELODESK_TRUSTED_PROXIES: cidrList(
    "HELODESK_TRUSTED_PROXIES must be a comma-separated list of CIDR ranges of your reverse proxies, like 10.0.0.5/32",
  ).describe("Reverse proxies whose X-Forwarded-For names the client; unset: the TCP peer is the client"),
  HELODESK_RETENTION_DAYS: wholeNumber("HELODESK_RETENTION_DAYS", 30, 1, 365, "days"),
  HELODESK_PUBLIC_URL: z
    .string()
    .optional()
    .transform((s) => s?.trim() || undefined)
    .refine((s) => s === undefined || isPublicUrl(s), {
      message: "HELODESK_PUBLIC_URL must be the address users open, like https://helodesk.example.com: http or https, a host, an optional port from 1 to 65535 and path; no user name or password, query or fragment",
    })
    .transform((s) => {
      if (s === undefined) return undefined;
      const u = new URL(s);
      return `${u.origin}${u.pathname}`.replace(/\/+$/, "");
    })
    .describe("Base of share links in API answers; the request's own origin when unset"),
});
export type Config = z.infer<typeof EnvSchema>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

function parse<T>(schema: z.ZodType<T>, env: Record<string, string | undefined>): T {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => {
    const name = String(i.path[0] ?? "setting");
    return i.message.includes(name) ? i.message : `${name}: ${i.message}`;
  });
  throw new ConfigError(`invalid setting: ${lines.join("; ")}`);
}

/** Reads the settings; a bad value throws a ConfigError that names the variable and what to fix. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  return parse(EnvSchema, env);
}

/**
 * For the CLI, which runs sessions and no server: only the engine's settings are read, so a server's
 * value in the same shell (PORT=abc, DATABASE_URL=mysql://…) cannot stop it. And only they are
 * parsed: parsing the whole schema as well made the CLI's session (connect to close) ~1.5 ms slower
 * on Node 22, measured in alternating runs (docs/performance.md, seventeenth round).
 */
export function loadEngineConfig(env: Record<string, string | undefined> = process.env): EngineConfig {
  return parse(EngineEnvSchema, env);
}

/** HELODESK_ variables the tests and tools read, not a running HeloDesk: no warning for these. */
const TOOL_VARIABLES = [
  "HELODESK_REQUIRE_ALL_TESTS",
  "HELODESK_PRETEND_MISSING",
  "HELODESK_FUZZ",
  "HELODESK_E2E_APP_DIR",
  "HELODESK_E2E_SKIP",
  "HELODESK_DEBUG",
];

/**
 * One warning per HELODESK_ variable HeloDesk does not read, naming the setting it is closest to: a
 * misspelt HELODESK_PUBLC=1 would otherwise leave a deployment silently in its defaults.
 */
export function unknownSettingWarnings(env: Record<string, string | undefined>): string[] {
  const known = [...Object.keys(EnvSchema.shape), ...TOOL_VARIABLES];
  return Object.keys(env)
    .filter((name) => name.toUpperCase().startsWith("HELODESK_") && !known.includes(name))
    .sort()
    .map((name) => {
      const near = closest(name.toUpperCase(), known);
      return `${name} is not a HeloDesk setting and is ignored${near ? `: did you mean ${near}?` : ""}`;
    });
}

/** The name fewest edits away, if it is near enough to be a typo (a quarter of the part after HELODESK_, at least 2). */
function closest(name: string, names: string[]): string | null {
  const limit = Math.max(2, Math.floor((name.length - "HELODESK_".length) / 4));
  let best: { name: string; distance: number } | null = null;
  for (const candidate of names) {
    const distance = levenshtein(name, candidate);
    if (distance <= limit && (!best || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name ?? null;
}
