import pino from "pino";

/**
 * Structured logs. Never pass a request, a transcript line or a message body: AUTH secrets and mail
 * content must not reach a log. The redact paths are a second net, not the first.
 */
export const logger = pino({
  level: process.env.HELODESK_LOG_LEVEL ?? "info",
  redact: { paths: ["password", "token", "*.password", "*.token", "auth", "*.auth", "body", "*.body"], censor: "[redacted]" },
  base: { app: "helodesk" },
});
