import { z } from "zod";
import { ABUSE_SETTINGS } from "./abuse/settings";

const list = (s: string) => s.split(",").map((x) => x.trim()).filter(Boolean);

const ms = (name: string, fallback: number, max: number) =>
  z.coerce
    .number({ error: `${name} must be a number of milliseconds` })
    .int(`${name} must be a whole number of milliseconds`)
    .min(100, `${name} must be at least 100 ms`)
    .max(max, `${name} must be at most ${max} ms`)
    .default(fallback);

/** A DNS server as dns.Resolver#setServers takes it: "ip", "ip:port", "[ipv6]:port". */
const DNS_SERVER = /^(\d{1,3}(\.\d{1,3}){3}(:\d{1,5})?|\[[0-9a-fA-F:]+\](:\d{1,5})?|[0-9a-fA-F:]+)$/;

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
 * Every setting HeloDesk reads, validated once at start. Defaults are shorter than RFC 5321 4.5.3.2's
 * (5 minutes for the greeting): a person is watching, and a tarpit is reported, not waited out.
 */
export const EnvSchema = z.object({
  HELODESK_DNS_SERVERS: z
    .string()
    .optional()
    .transform((s) => (s ? list(s) : []))
    .refine((xs) => xs.every((x) => DNS_SERVER.test(x)), {
      message: "HELODESK_DNS_SERVERS must be a comma-separated list of IP addresses, each with an optional :port",
    }),
  HELODESK_ALLOWED_NETWORKS: cidrList("HELODESK_ALLOWED_NETWORKS must be a comma-separated list of CIDR ranges, like 10.0.0.0/8,127.0.0.1/32"),
  HELODESK_ALLOWED_PORTS: z
    .string()
    .optional()
    .transform((s) => (s ? list(s) : ["25", "465", "587", "2525"]))
    .refine((xs) => xs.every(isPortOrRange), {
      message: "HELODESK_ALLOWED_PORTS must be a comma-separated list of ports or ranges, like 25,465,587,2525 or 2500-2599",
    })
    .transform((xs) => xs.map(toRange)),
  HELODESK_HELO_NAME: z
    .string()
    .regex(/^[A-Za-z0-9.-]+$|^\[[0-9A-Fa-f:.v]+\]$/, "HELODESK_HELO_NAME must be a host name or an address literal like [192.0.2.1]")
    .optional(),
  HELODESK_CONNECT_TIMEOUT_MS: ms("HELODESK_CONNECT_TIMEOUT_MS", 10_000, 120_000),
  HELODESK_GREETING_TIMEOUT_MS: ms("HELODESK_GREETING_TIMEOUT_MS", 30_000, 300_000),
  HELODESK_COMMAND_TIMEOUT_MS: ms("HELODESK_COMMAND_TIMEOUT_MS", 30_000, 300_000),
  HELODESK_DATA_END_TIMEOUT_MS: ms("HELODESK_DATA_END_TIMEOUT_MS", 60_000, 600_000),
  HELODESK_TLS_TIMEOUT_MS: ms("HELODESK_TLS_TIMEOUT_MS", 15_000, 120_000),
  HELODESK_SESSION_TIMEOUT_MS: ms("HELODESK_SESSION_TIMEOUT_MS", 180_000, 900_000),
  HELODESK_INTERACTIVE_TIMEOUT_MS: ms("HELODESK_INTERACTIVE_TIMEOUT_MS", 600_000, 3_600_000),
  PORT: z.coerce.number({ error: "PORT must be a number" }).int().min(0).max(65535, "PORT must be at most 65535").default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  ...ABUSE_SETTINGS,
  HELODESK_DATA_DIR: z.string().min(1, "HELODESK_DATA_DIR must name a directory").default("./data")
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
  HELODESK_RETENTION_DAYS: z.coerce
    .number({ error: "HELODESK_RETENTION_DAYS must be a number of days" })
    .int("HELODESK_RETENTION_DAYS must be a whole number of days")
    .min(1, "HELODESK_RETENTION_DAYS must be at least 1")
    .max(365, "HELODESK_RETENTION_DAYS must be at most 365")
    .default(30),
  HELODESK_PUBLIC_URL: z
    .string()
    .optional()
    .transform((s) => s?.trim().replace(/\/+$/, "") || undefined)
    .refine((s) => s === undefined || /^https?:\/\/[^/?#\s]+(\/[^?#\s]*)?$/.test(s), {
      message: "HELODESK_PUBLIC_URL must be the address users open, like https://helodesk.example.com (no query or fragment)",
    })
    .describe("Base of share links in API answers; the request's own origin when unset"),
});
export type Config = z.infer<typeof EnvSchema>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Reads the settings; a bad value throws a ConfigError that names the variable and what to fix. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => {
    const name = String(i.path[0] ?? "setting");
    return i.message.includes(name) ? i.message : `${name}: ${i.message}`;
  });
  throw new ConfigError(`invalid setting: ${lines.join("; ")}`);
}
