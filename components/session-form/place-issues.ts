/*
 * Issues placed next to the form's controls, without zod: server issues arrive before the schema is
 * loaded (validate-form.ts, loaded on the first edit), and both paths show them the same way.
 */
import type { SessionRequest } from "@/lib/schemas/request";
import { sentence } from "@/lib/sentence";
import type { FieldIssue } from "@/lib/socket-contract";
import { type FormValues, splitRecipients } from "./form-values";

/** The controls an issue can be shown next to. */
export type FieldKey =
  | "target" | "port" | "profile" | "tls" | "from" | "to" | "authUser" | "authPassword" | "authToken"
  | "authMechanism" | "dsn" | "chunking" | "subject" | "mx" | "helo";

export type FieldErrors = Partial<Record<FieldKey, string>>;

const BY_PATH: Record<string, FieldKey> = {
  target: "target",
  port: "port",
  profile: "profile",
  tls: "tls",
  from: "from",
  to: "to",
  auth: "authUser",
  "auth.username": "authUser",
  "auth.password": "authPassword",
  "auth.token": "authToken",
  "auth.mechanism": "authMechanism",
  dsn: "dsn",
  chunking: "chunking",
  subject: "subject",
  mx: "mx",
  helo: "helo",
};

export interface Validation {
  /** The request to start, when every field is valid. */
  request: SessionRequest | null;
  errors: FieldErrors;
  /** Issues no control can show (a field the form does not edit). */
  other: string[];
}

/** Place issues (from the client's safeParse or the server's ack) next to their controls. */
export function placeIssues(issues: readonly FieldIssue[], values: FormValues): Omit<Validation, "request"> {
  const errors: FieldErrors = {};
  const other: string[] = [];
  const recipients = splitRecipients(values.to);
  for (const issue of issues) {
    const [head, index] = issue.path.split(".");
    // One message per control: the first is the one to fix first.
    if (head === "to" && index !== undefined && /^\d+$/.test(index)) {
      const address = recipients[Number(index)];
      errors.to ??= sentence(address ? `“${address}”: ${issue.message}` : issue.message);
      continue;
    }
    const key = BY_PATH[issue.path] ?? (head ? BY_PATH[head] : undefined);
    if (key) errors[key] ??= sentence(issue.message);
    else other.push(sentence(issue.message));
  }
  return { errors, other };
}
