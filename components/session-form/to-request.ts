import type { SessionRequestInput } from "@/lib/schemas/request";
import { type FormValues, splitRecipients, usesAuth, usesEnvelope, usesMessage } from "./form-values";

const optional = (s: string) => (s.trim() === "" ? undefined : s);

/**
 * The form as a SessionRequest input. Only what the chosen profile uses goes in, so a stale value in
 * a hidden field can neither fail validation unseen nor reach the server.
 */
export function toRequestInput(v: FormValues): SessionRequestInput {
  const request: SessionRequestInput = {
    target: v.target,
    port: v.port.trim(),
    profile: v.profile,
    tls: v.tls,
    mx: optional(v.mx),
    helo: optional(v.helo),
    share: {
      hideAddresses: v.hideAddresses,
      hideBody: usesMessage(v.profile) && v.hideBody,
      ...(v.expiresInDays ? { expiresInDays: Number(v.expiresInDays) } : {}),
    },
  };
  if (usesEnvelope(v.profile)) {
    request.from = optional(v.from);
    const to = splitRecipients(v.to);
    request.to = to.length > 0 ? to : undefined;
  }
  if (usesAuth(v.profile)) {
    const xoauth = v.authMechanism === "XOAUTH2";
    const password = xoauth ? undefined : v.authPassword || undefined;
    const token = xoauth ? v.authToken || undefined : undefined;
    const anything = v.authUser.trim() !== "" || password !== undefined || token !== undefined;
    // Left blank, relay and send run without logging in; the auth profile gets the schema's message.
    if (anything) request.auth = { username: v.authUser.trim(), password, token, mechanism: v.authMechanism };
  }
  if (usesMessage(v.profile)) {
    request.dsn = v.dsn;
    request.chunking = v.chunking;
    request.subject = optional(v.subject);
  }
  return request;
}
