import { z } from "zod";
import { pemCertificateProblem } from "../pem";
import { readTarget } from "../target-reading";
import { HeloName, Hostname, Mailbox, Port, Target, wireSafe } from "./primitives";
import { AUTH_MECHANISMS, NULL_SENDER, PROFILES, REQUEST_FIELD_TEXT as TEXT, TLS_MODES } from "./request-fields";

export { AUTH_MECHANISMS, NULL_SENDER, PROFILES, TLS_MODES };

export const Profile = z.enum(PROFILES, {
  error: `choose a profile: ${PROFILES.join(", ")}`,
});
export type Profile = z.infer<typeof Profile>;

/** The TLS modes: see TLS_MODES in request-fields.ts. */
export const TlsMode = z.enum(TLS_MODES, { error: `choose a TLS mode: ${TLS_MODES.join(", ")}` });
export type TlsMode = z.infer<typeof TlsMode>;

export const AuthMechanism = z.enum(AUTH_MECHANISMS, {
  error: `choose an AUTH mechanism: ${AUTH_MECHANISMS.join(", ")}`,
});
export type AuthMechanism = z.infer<typeof AuthMechanism>;

/** The first few names, each cut short: input is named, never echoed whole. */
function quoted(keys: readonly PropertyKey[]): string {
  const shown = keys.slice(0, 3).map((k) => JSON.stringify(String(k).slice(0, 40)));
  return keys.length > 3 ? `${shown.join(", ")} and ${keys.length - 3} more` : shown.join(", ");
}

/**
 * An object that refuses fields it does not know: a misspelt option must not be dropped in silence
 * (`"hideAdresses": true` would publish the addresses it meant to hide).
 */
function knownFields<T extends z.ZodRawShape>(shape: T, otherwise?: string) {
  const names = Object.keys(shape).join(", ");
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `unknown field${issue.keys.length > 1 ? "s" : ""} ${quoted(issue.keys)}: check the spelling (the fields here are ${names})`
        : otherwise,
  });
}

export const AuthRequest = knownFields({
    username: wireSafe("the AUTH user name").pipe(z.string().min(1, "enter the AUTH user name").max(256)),
    password: z.string().max(1024, "the password is at most 1024 characters").optional()
      .describe("Secret: never stored, logged or sent back."),
    token: z.string().max(8192, "the token is at most 8192 characters").optional()
      .describe("OAuth 2.0 bearer token for XOAUTH2. Secret: never stored, logged or sent back."),
    mechanism: AuthMechanism.default("auto"),
  })
  .refine((a) => a.password !== undefined || a.token !== undefined, {
    message: "AUTH needs a password (or a bearer token for XOAUTH2)",
    path: ["password"],
  })
  .refine((a) => a.mechanism !== "XOAUTH2" || a.token !== undefined, {
    message: "XOAUTH2 needs a bearer token, not a password",
    path: ["token"],
  })
  .refine((a) => a.mechanism === "auto" || a.mechanism === "XOAUTH2" || a.password !== undefined, {
    message: "PLAIN, LOGIN and CRAM-MD5 need a password; a bearer token works only with XOAUTH2",
    path: ["password"],
  });
export type AuthRequest = z.infer<typeof AuthRequest>;

/** Per-phase deadlines in milliseconds; the engine clamps them to its configured maxima. */
export const TimeoutOverrides = knownFields({
    connectMs: z.number().int().min(100).max(120_000),
    greetingMs: z.number().int().min(100).max(300_000),
    commandMs: z.number().int().min(100).max(300_000),
    dataEndMs: z.number().int().min(100).max(600_000),
    tlsMs: z.number().int().min(100).max(120_000),
    sessionMs: z.number().int().min(500).max(900_000),
  }).partial();
export type TimeoutOverrides = z.infer<typeof TimeoutOverrides>;

/**
 * SMTP smuggling (CVE-2023-51764 and kin): end-of-data forms that some servers accept. A dot between
 * any two line-break characters covers them all: <LF>.<LF>, <LF>.<CR><LF>, <CR>.<CR>, <CR>.<LF> and
 * <CR><LF>.<CR> (for servers that end lines at a bare CR).
 */
const SMUGGLING = /[\r\n]\.[\r\n]/;

export const MessageBody = z
  .string()
  .max(64 * 1024, "the message body is at most 64 KiB")
  .refine((s) => !s.includes("\0"), "the message body must not contain NUL characters")
  .refine(
    (s) => !SMUGGLING.test(s),
    "the message body contains a line made of a single dot with a bare CR or LF (an SMTP smuggling pattern): remove it",
  );

/** What the creator chooses for the share link: who may see what, and for how long. */
export const ShareOptions = knownFields({
  hideAddresses: z.boolean().default(false).describe("Hide MAIL FROM / RCPT TO addresses in the shared view"),
  hideBody: z.boolean().default(false).describe("Hide the test message body in the shared view"),
  expiresInDays: z
    .number({ error: "expiresInDays must be a number of days" })
    .int("expiresInDays must be a whole number of days")
    .min(1, "a share link lasts at least 1 day")
    .max(365, "a share link lasts at most 365 days")
    .optional()
    .describe("Days until the session and its link are purged: at most the deployment's retention (HELODESK_RETENTION_DAYS), which is also the value when absent"),
});
export type ShareOptions = z.infer<typeof ShareOptions>;

export const SessionRequest = knownFields(
  {
    target: Target.describe(TEXT.target),
    port: Port.default(25).describe(TEXT.port),
    profile: Profile.default("ehlo"),
    mx: Hostname.optional().describe(TEXT.mx),
    tls: TlsMode.default("auto"),
    helo: HeloName.optional().describe(TEXT.helo),
    from: z.union([z.literal(NULL_SENDER), Mailbox]).optional().describe(TEXT.from),
    to: z.array(Mailbox, { error: "list the recipients (RCPT TO) as email addresses" }).max(50, "at most 50 recipients").optional().describe(TEXT.to),
    auth: AuthRequest.optional(),
    dsn: z.boolean().default(false).describe(TEXT.dsn),
    chunking: z.boolean().default(false).describe(TEXT.chunking),
    subject: wireSafe("the subject").pipe(z.string().max(200, "the subject is at most 200 characters")).optional(),
    body: MessageBody.optional(),
    trustCa: z
      .string()
      .max(64 * 1024)
      .superRefine((s, ctx) => {
        const problem = pemCertificateProblem(s);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      })
      .optional()
      .describe(TEXT.trustCa),
    timeouts: TimeoutOverrides.optional(),
    share: ShareOptions.prefault({}),
  },
  "send the session request as a JSON object with at least a target, like {\"target\": \"example.com\"}",
).superRefine((r, ctx) => {
  if (r.profile === "auth" && !r.auth) {
    ctx.addIssue({ code: "custom", path: ["auth"], message: "the auth profile needs a user name and a password or token" });
  }
  if (r.profile === "send" && (!r.to || r.to.length === 0)) {
    ctx.addIssue({ code: "custom", path: ["to"], message: "the send profile needs a recipient (RCPT TO)" });
  }
  if (r.profile === "send" && !r.from) {
    ctx.addIssue({ code: "custom", path: ["from"], message: "the send profile needs a sender address (MAIL FROM)" });
  }
  if (r.tls === "none" && r.profile === "starttls") {
    ctx.addIssue({ code: "custom", path: ["tls"], message: "the starttls profile cannot run with TLS mode none" });
  }
  if (r.tls === "implicit" && r.profile === "starttls") {
    ctx.addIssue({ code: "custom", path: ["tls"], message: "the starttls profile upgrades a plaintext connection: use TLS mode auto or starttls" });
  }
  if (r.tls === "starttls" && r.profile === "banner") {
    ctx.addIssue({ code: "custom", path: ["tls"], message: "the banner profile reads the greeting only, so it cannot start TLS: use the starttls profile" });
  }
  // What the profile does not use would be dropped without a word, and the verdict read as if it had
  // been tried: an AUTH never attempted, a message never sent.
  for (const [field, given, profiles, does] of [
    ["auth", r.auth !== undefined, ["auth", "relay", "send"], "log in"],
    ["from", r.from !== undefined, ["relay", "send"], "send MAIL FROM"],
    ["to", r.to !== undefined, ["relay", "send"], "send RCPT TO"],
    ["subject", r.subject !== undefined, ["send"], "send a message"],
    ["body", r.body !== undefined, ["send"], "send a message"],
    ["dsn", r.dsn, ["send"], "send a message"],
    ["chunking", r.chunking, ["send"], "send a message"],
  ] as const) {
    if (!given || (profiles as readonly string[]).includes(r.profile)) continue;
    const which = profiles.length === 1 ? `the ${profiles[0]} profile` : `the ${profiles.slice(0, -1).join(", ")} and ${profiles.at(-1)} profiles`;
    ctx.addIssue({ code: "custom", path: [field], message: `the ${r.profile} profile does not ${does}: ${field} is used by ${which} only; choose one of them, or leave ${field} out` });
  }
  if (r.mx !== undefined && readTarget(r.target).kind === "ip") {
    ctx.addIssue({ code: "custom", path: ["mx"], message: "an MX host is chosen among a domain's MX hosts, and the target is an address: give the domain as the target, or test the host itself as the target" });
  }
});
export type SessionRequestInput = z.input<typeof SessionRequest>;
export type SessionRequest = z.infer<typeof SessionRequest>;

/** The request as it may be stored and shown: AUTH secrets removed. */
export const PublicRequest = z.object({
  target: z.string(),
  port: z.number().int(),
  profile: Profile,
  mx: z.string().optional(),
  tls: TlsMode,
  helo: z.string().optional(),
  from: z.string().optional(),
  to: z.array(z.string()).optional(),
  auth: z.object({ username: z.string(), mechanism: AuthMechanism }).optional(),
  dsn: z.boolean(),
  chunking: z.boolean(),
  subject: z.string().optional(),
  share: z.object({ hideAddresses: z.boolean(), hideBody: z.boolean(), expiresInDays: z.number().int().optional() })
    .default({ hideAddresses: false, hideBody: false }),
});
export type PublicRequest = z.infer<typeof PublicRequest>;

export function toPublicRequest(r: SessionRequest): PublicRequest {
  return PublicRequest.parse({
    target: r.target,
    port: r.port,
    profile: r.profile,
    mx: r.mx,
    tls: r.tls,
    helo: r.helo,
    from: r.from,
    to: r.to,
    auth: r.auth ? { username: r.auth.username, mechanism: r.auth.mechanism } : undefined,
    dsn: r.dsn,
    chunking: r.chunking,
    subject: r.subject,
    share: r.share,
  });
}

/** One line typed in the interactive console. */
export const ConsoleLine = z.object({
  line: wireSafe("a console line").pipe(z.string().max(998, "a line is at most 998 characters (RFC 5321 4.5.3.1.6)")),
});
export type ConsoleLine = z.infer<typeof ConsoleLine>;
