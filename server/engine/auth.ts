import { createHmac } from "node:crypto";
import type { ReplyEvent } from "@/lib/schemas/events";
import type { AuthMechanism, AuthRequest } from "@/lib/schemas/request";
import type { Conversation } from "./conversation";

export type AuthResult =
  | { kind: "ok"; mechanism: string; reply: ReplyEvent }
  | { kind: "rejected"; mechanism: string; reply: ReplyEvent }
  | { kind: "unavailable"; reason: string };

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");

/** Auto picks what the server offers, PLAIN first (RFC 4616), then LOGIN, then CRAM-MD5. */
export function chooseMechanism(requested: AuthMechanism, offered: string[], hasToken: boolean): string | null {
  if (requested !== "auto") return offered.includes(requested) ? requested : null;
  const order = hasToken ? ["XOAUTH2"] : ["PLAIN", "LOGIN", "CRAM-MD5"];
  return order.find((m) => offered.includes(m)) ?? null;
}

/**
 * Runs one AUTH exchange (RFC 4954). Every line it sends is secret: the conversation redacts them by
 * protocol state, from AUTH until the first reply that is not 334.
 */
export async function authenticate(conv: Conversation, auth: AuthRequest, offered: string[]): Promise<AuthResult> {
  const mechanism = chooseMechanism(auth.mechanism, offered, auth.token !== undefined);
  if (!mechanism) {
    const wanted = auth.mechanism === "auto" ? (auth.token ? "XOAUTH2" : "PLAIN, LOGIN or CRAM-MD5") : auth.mechanism;
    return {
      kind: "unavailable",
      reason: offered.length
        ? `the server offers AUTH ${offered.join(" ")}, not ${wanted}`
        : "the server does not offer AUTH on this connection",
    };
  }
  const user = auth.username;
  const secret = auth.password ?? "";
  // Also in plain words, whatever the mechanism: a server may name the password it was sent.
  conv.recorder.secrets.add([auth.password, auth.token]);
  let reply: ReplyEvent;
  switch (mechanism) {
    case "PLAIN":
      reply = await conv.command(`AUTH PLAIN ${b64(`\0${user}\0${secret}`)}`, "AUTH");
      break;
    case "LOGIN":
      reply = await conv.command("AUTH LOGIN", "AUTH");
      if (reply.code === 334) reply = await conv.command(b64(user), "AUTH-DATA");
      if (reply.code === 334) reply = await conv.command(b64(secret), "AUTH-DATA");
      break;
    case "CRAM-MD5": {
      reply = await conv.command("AUTH CRAM-MD5", "AUTH");
      if (reply.code === 334) {
        const challenge = Buffer.from(conv.challengeText ?? "", "base64").toString("utf8");
        const digest = createHmac("md5", secret).update(challenge).digest("hex");
        reply = await conv.command(b64(`${user} ${digest}`), "AUTH-DATA");
      }
      break;
    }
    case "XOAUTH2": {
      reply = await conv.command(`AUTH XOAUTH2 ${b64(`user=${user}\x01auth=Bearer ${auth.token ?? ""}\x01\x01`)}`, "AUTH");
      // On failure the server sends a 334 with a JSON error and waits for an empty line (Google, Microsoft).
      if (reply.code === 334) reply = await conv.command("", "AUTH-DATA");
      break;
    }
    default:
      return { kind: "unavailable", reason: `HeloDesk cannot run AUTH ${mechanism}` };
  }
  if (reply.code === 235) {
    conv.authenticated = true;
    return { kind: "ok", mechanism, reply };
  }
  if (reply.code === 334) {
    // The server wants more than the mechanism defines: cancel the exchange (RFC 4954 4).
    reply = await conv.command("*", "AUTH-DATA");
  }
  return { kind: "rejected", mechanism, reply };
}
