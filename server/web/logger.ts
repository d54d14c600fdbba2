import pino from "pino";
import { LogLevel } from "@/server/config";

/**
 * Structured logs. Never pass a request, a transcript line or a message body: AUTH secrets and mail
 * content must not reach a log. The redact paths are a second net, not the first.
 *
 * The level is read here, at import, before main() validates the settings: a bad HELODESK_LOG_LEVEL
 * falls back to info so that loadConfig, not pino, refuses it, with a message naming the variable.
 */
export const logger = pino({
  level: LogLevel.safeParse(process.env.HELODESK_LOG_LEVEL).data ?? "info",
  redact: { paths: ["password", "token", "*.password", "*.token", "auth", "*.auth", "body", "*.body"], censor: "[redacted]" },
  base: { app: "helodesk" },
});

/** Settings whose values are secrets, or URLs that may carry one: never written to a log as they are. */
const SECRET_SETTINGS = ["DATABASE_URL", "REDIS_URL", "HELODESK_ACCESS_TOKEN"];

/** A text with those settings' values replaced by their names, and any URL's user name and password by [redacted]. */
export function withoutSecrets(text: string, env: Record<string, string | undefined> = process.env): string {
  let out = text;
  for (const name of SECRET_SETTINGS) {
    const value = env[name]?.trim();
    if (value) out = out.split(value).join(`[${name}]`);
  }
  return out.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s@]*@/gi, "$1[redacted]@");
}

/**
 * An error as a log may show it: name, code, message and stack, without secrets. Not pino's err
 * serializer: it copies every field, and Node's URL errors carry the whole URL, password included, in
 * `input`.
 */
export function errorForLog(err: unknown, env: Record<string, string | undefined> = process.env): { type: string; message: string; code?: string; stack?: string } {
  const e = err instanceof Error ? err : new Error(String(err));
  const code = (e as { code?: unknown }).code;
  return {
    type: e.name,
    message: withoutSecrets(e.message, env),
    ...(typeof code === "string" ? { code } : {}),
    ...(e.stack ? { stack: withoutSecrets(e.stack, env) } : {}),
  };
}
