/**
 * The choices and field descriptions of SessionRequest, without zod: the form renders its selects
 * and hints from these before it loads the schema (on first input), and request.ts builds the schema
 * from them, so each value is still written once.
 */
export const PROFILES = ["banner", "ehlo", "starttls", "auth", "relay", "send", "interactive"] as const;
export type Profile = (typeof PROFILES)[number];

/**
 * auto: implicit TLS on 465, STARTTLS when offered elsewhere (and when the profile needs it);
 * starttls: require STARTTLS; implicit: TLS from the first byte; none: plaintext only.
 */
export const TLS_MODES = ["auto", "starttls", "implicit", "none"] as const;
export type TlsMode = (typeof TLS_MODES)[number];

export const AUTH_MECHANISMS = ["auto", "PLAIN", "LOGIN", "CRAM-MD5", "XOAUTH2"] as const;
export type AuthMechanism = (typeof AUTH_MECHANISMS)[number];

/** MAIL FROM:<>, the null reverse-path of bounces and notifications (RFC 5321 4.5.5): servers must accept it. */
export const NULL_SENDER = "<>";

/** SessionRequest's `.describe()` texts (also in the OpenAPI document). */
export const REQUEST_FIELD_TEXT = {
  target: "Mail domain (MX lookup), host name or IP literal",
  port: "25 (relay), 465 (implicit TLS), 587 or 2525 (submission)",
  mx: "Test this MX host instead of the best one",
  helo: "Name to announce in EHLO/HELO",
  from: "MAIL FROM address, or <> for the null sender that bounces use",
  to: "RCPT TO addresses",
  dsn: "Ask for NOTIFY=SUCCESS,FAILURE when DSN is offered",
  chunking: "Use BDAT instead of DATA when CHUNKING is offered",
  trustCa: "PEM of a private CA to trust when verifying the server certificate",
} as const;
