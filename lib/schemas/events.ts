import { z } from "zod";
import "./zod-words";
import { Capability } from "./capability";
import { Check } from "./check";
import { Explanation } from "./explanation";
import { Reply } from "./reply";

/** The command a line belongs to, and so the command a reply answers. */
export const VERBS = [
  "CONNECT", "EHLO", "HELO", "STARTTLS", "AUTH", "AUTH-DATA", "MAIL", "RCPT", "DATA", "DATA-LINE",
  "DATA-END", "BDAT", "RSET", "NOOP", "QUIT", "VRFY", "EXPN", "HELP", "OTHER",
] as const;
export const Verb = z.enum(VERBS);
export type Verb = z.infer<typeof Verb>;

export const CLOSE_REASONS = [
  "quit", // we said QUIT (or the server closed after answering it)
  "timeout", // a phase deadline or the session cap passed
  "peer-closed", // the server closed the connection when we did not expect it
  "protocol-error", // the server spoke something that is not SMTP, or broke a cap
  "cancelled", // the caller cancelled
  "connect-failed", // DNS or TCP/TLS connect failed
  "refused", // the target policy refused the address or port
] as const;
export const CloseReason = z.enum(CLOSE_REASONS);
export type CloseReason = z.infer<typeof CloseReason>;

/** Every event: its order, and monotonic milliseconds since the session started and since the previous event. */
const base = {
  seq: z.number().int().nonnegative(),
  t: z.number().nonnegative().describe("Milliseconds since the session started (monotonic clock)"),
  dt: z.number().nonnegative().describe("Milliseconds since the previous event"),
};

export const DnsRecord = z.object({ value: z.string(), priority: z.number().int().optional() });

export const DnsEvent = z.object({
  ...base,
  type: z.literal("dns"),
  query: z.enum(["MX", "A", "AAAA", "PTR"]),
  purpose: z
    .enum(["mx", "address", "local-ptr", "remote-ptr"])
    .describe("mx: the domain's mail servers; address: the server's IPs; local-ptr: the name of the address this test runs from; remote-ptr: the server IP's name"),
  name: z.string(),
  records: z.array(DnsRecord),
  error: z.string().nullable(),
  ms: z.number().nonnegative(),
});

export const ConnectEvent = z.object({
  ...base,
  type: z.literal("connect"),
  host: z.string().describe("The name (or literal) connected to"),
  address: z.string(),
  port: z.number().int(),
  family: z.union([z.literal(4), z.literal(6)]),
  localAddress: z.string().describe("The address this test runs from; remote servers judge it too"),
  localPort: z.number().int(),
  implicitTls: z.boolean(),
  ms: z.number().nonnegative(),
  heloName: z
    .string()
    .optional()
    .describe("Interactive sessions: the EHLO name to suggest, when one is chosen (the request's helo, or the deployment's HELODESK_HELO_NAME)"),
});

export const WaitEvent = z.object({
  ...base,
  type: z.literal("wait"),
  awaiting: z.string().describe("Plain words: 'the 220 greeting', 'the reply to EHLO'"),
  command: Verb,
  timeoutMs: z.number().int().nonnegative(),
});

export const SendEvent = z.object({
  ...base,
  type: z.literal("send"),
  command: Verb,
  line: z.string().describe("The line sent; AUTH exchanges are redacted at the source"),
  secret: z.boolean(),
  tls: z.boolean(),
});

export const ReplyEvent = z.object({
  ...base,
  ...Reply.shape,
  type: z.literal("reply"),
  command: Verb.nullable().describe("The command this reply answered; null when unsolicited"),
  unsolicited: z.boolean(),
  tls: z.boolean(),
  explanation: Explanation,
});

export const TlsEvent = z.object({
  ...base,
  type: z.literal("tls"),
  protocol: z.string().nullable(),
  cipher: z.string().nullable(),
  subject: z.string().nullable(),
  subjectAltNames: z.array(z.string()),
  issuer: z.string().nullable(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  daysLeft: z.number().nullable(),
  selfSigned: z.boolean(),
  chainVerified: z.boolean(),
  verifyError: z.string().nullable(),
  hostnameChecked: z.string().nullable(),
  hostnameMatch: z.boolean().nullable(),
  fingerprint256: z.string().nullable(),
  customCa: z.boolean(),
  ms: z.number().nonnegative(),
});

export const CapabilitiesEvent = z.object({
  ...base,
  type: z.literal("capabilities"),
  via: z.enum(["EHLO", "HELO"]),
  tls: z.boolean(),
  capabilities: z.array(Capability),
});

export const NoteEvent = z.object({
  ...base,
  type: z.literal("note"),
  level: z.enum(["info", "warn", "error"]),
  code: z.string().describe("Stable identifier, e.g. 'tls-injection'"),
  text: z.string(),
});

export const MessageEvent = z.object({
  ...base,
  type: z.literal("message"),
  messageId: z.string(),
  size: z.number().int().nonnegative(),
  queueId: z.string().nullable(),
  method: z.enum(["DATA", "BDAT"]),
});

export const CheckEvent = z.object({ ...base, type: z.literal("check"), check: Check });

export const CloseEvent = z.object({
  ...base,
  type: z.literal("close"),
  reason: CloseReason,
  detail: z.string(),
});

export const SessionEvent = z.discriminatedUnion("type", [
  DnsEvent, ConnectEvent, WaitEvent, SendEvent, ReplyEvent, TlsEvent, CapabilitiesEvent, NoteEvent,
  MessageEvent, CheckEvent, CloseEvent,
]);
export type SessionEvent = z.infer<typeof SessionEvent>;
export type EventOf<T extends SessionEvent["type"]> = Extract<SessionEvent, { type: T }>;
export type DnsEvent = z.infer<typeof DnsEvent>;
export type ConnectEvent = z.infer<typeof ConnectEvent>;
export type SendEvent = z.infer<typeof SendEvent>;
export type ReplyEvent = z.infer<typeof ReplyEvent>;
export type TlsEvent = z.infer<typeof TlsEvent>;
export type NoteEvent = z.infer<typeof NoteEvent>;
export type CloseEvent = z.infer<typeof CloseEvent>;

/** An event as the engine creates it, before the recorder stamps seq, t and dt. */
export type EventInput = SessionEvent extends infer E
  ? E extends SessionEvent
    ? Omit<E, "seq" | "t" | "dt">
    : never
  : never;
