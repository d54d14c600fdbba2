import { AUTH_MECHANISMS, type AuthMechanism, PROFILES, type Profile, TLS_MODES, type TlsMode } from "@/lib/schemas/request-fields";

/** The interactive console has its own page; the form runs the scripted profiles. */
export const FORM_PROFILES = PROFILES.filter((p): p is Exclude<Profile, "interactive"> => p !== "interactive");
export type FormProfile = (typeof FORM_PROFILES)[number];

export const PORT_PRESETS = ["25", "465", "587", "2525"] as const;

/**
 * Everything the form edits, as the user typed it: strings stay raw so a bad value can be shown
 * with its message instead of being silently dropped. Secrets (password, token) live only here,
 * in memory: never in the URL.
 */
export interface FormValues {
  target: string;
  port: string;
  profile: FormProfile;
  tls: TlsMode;
  from: string;
  /** RCPT TO: one or more addresses separated by commas, semicolons or spaces. */
  to: string;
  authUser: string;
  authPassword: string;
  authToken: string;
  authMechanism: AuthMechanism;
  dsn: boolean;
  chunking: boolean;
  subject: string;
  mx: string;
  helo: string;
  /** The share link hides MAIL FROM / RCPT TO addresses from everyone but the creator. */
  hideAddresses: boolean;
  /** The share link hides the test message body. */
  hideBody: boolean;
  /** Days the session and its link last; "" for the deployment's default. */
  expiresInDays: string;
}

export const DEFAULT_VALUES: FormValues = {
  target: "",
  port: "25",
  profile: "ehlo",
  tls: "auto",
  from: "",
  to: "",
  authUser: "",
  authPassword: "",
  authToken: "",
  authMechanism: "auto",
  dsn: false,
  chunking: false,
  subject: "",
  mx: "",
  helo: "",
  hideAddresses: false,
  hideBody: false,
  expiresInDays: "",
};

export const PROFILE_LABELS: Record<FormProfile, { label: string; hint: string }> = {
  banner: { label: "Banner", hint: "Connect and read the 220 greeting, nothing more." },
  ehlo: { label: "EHLO", hint: "Greeting plus EHLO: what the server offers (STARTTLS, AUTH, SIZE…)." },
  starttls: { label: "STARTTLS", hint: "EHLO, then upgrade to TLS and check the certificate." },
  auth: { label: "AUTH", hint: "Log in with a user name and password or token (use port 587 or 465)." },
  relay: { label: "Open relay", hint: "Try MAIL FROM and RCPT TO outside the server's domains. Never sends DATA." },
  send: { label: "Send test message", hint: "A real message from MAIL FROM to RCPT TO; reports the queue id." },
};

/** Which groups of fields a profile uses; the others are hidden and never sent. */
export const usesEnvelope = (p: FormProfile) => p === "relay" || p === "send";
export const usesAuth = (p: FormProfile) => p === "auth" || p === "relay" || p === "send";
export const usesMessage = (p: FormProfile) => p === "send";

export const isFormProfile = (v: string): v is FormProfile => (FORM_PROFILES as readonly string[]).includes(v);
export const isTlsMode = (v: string): v is TlsMode => (TLS_MODES as readonly string[]).includes(v);
export const isAuthMechanism = (v: string): v is AuthMechanism => (AUTH_MECHANISMS as readonly string[]).includes(v);

/** RCPT TO as typed, split into addresses. */
export function splitRecipients(text: string): string[] {
  return text.split(/[\s,;]+/).filter((s) => s.length > 0);
}
