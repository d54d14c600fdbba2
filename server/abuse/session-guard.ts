import { createHash } from "node:crypto";
import type { Verb } from "@/lib/schemas/events";
import type { Refusal, SessionGuard } from "@/server/engine/guard";
import { addressKey, networkOf } from "./keys";
import type { Limit } from "./limiter-store";
import type { AbuseLimits } from "./limits";

/** The shared limits every session's guard draws on. */
/** The refusal once the hourly message budget is spent: at the start (send profile) and at DATA alike. */
export const messagesSpent = (perHour: number) => (retryIn: string) =>
  `You have sent ${perHour} test message${perHour === 1 ? "" : "s"} in the last hour, the most allowed (HELODESK_MESSAGES_PER_HOUR); retry in ${retryIn}.`;

export interface SharedLimits {
  limits: AbuseLimits;
  perAddress: Limit;
  perNetwork: Limit;
  messages: Limit;
  probes: Limit;
}

const refusal = (limit: string, message: string): Refusal => ({ limit, message });

/**
 * A short reference to a session for a message header. Not the id itself: the id is the bearer token
 * of the share link, and the recipient of a test message must not get the transcript with it.
 */
export function sessionRef(sessionId: string): string {
  return createHash("sha256").update(sessionId).digest("hex").slice(0, 16);
}

/** A session's guard, and whether its send profile's message went out (the admission prepaid it). */
export interface AdmittedGuard extends SessionGuard {
  readonly messageWent: boolean;
}

/** The limits inside one session, with its own counters for what is capped per session. */
export function createSessionGuard(shared: SharedLimits, client: { ip: string; key: string }): AdmittedGuard {
  const { limits } = shared;
  let messageWent = false;
  let recipients = 0;
  let vrfys = 0;
  let messages = 0;

  const probe = () =>
    shared.probes.take(client.key, 1, (retryIn) =>
      `Too many RCPT TO, VRFY and EXPN from your address: at most ${limits.probesPerHour} an hour (HELODESK_PROBES_PER_HOUR), so HeloDesk cannot be used to harvest addresses; retry in ${retryIn}.`,
    );

  const commands: Partial<Record<Verb, () => Promise<Refusal | null>>> = {
    RCPT: async () => {
      if (recipients >= limits.maxRecipients) {
        return refusal("recipients-per-session", `At most ${limits.maxRecipients} RCPT TO per session here (HELODESK_MAX_RECIPIENTS); RSET does not reset the count. Start a new session to test more.`);
      }
      recipients++;
      return probe();
    },
    VRFY: async () => {
      if (vrfys >= limits.maxVrfyPerSession) {
        return refusal("vrfy-per-session", `At most ${limits.maxVrfyPerSession} VRFY or EXPN per session here (HELODESK_MAX_VRFY_PER_SESSION): HeloDesk is no address harvester. Start a new session to check more.`);
      }
      vrfys++;
      return probe();
    },
    DATA: async () => {
      if (!limits.sendAllowed) {
        return refusal("send-disabled", "This HeloDesk is public: it stops after RCPT TO and sends no message. Its operator can allow sending with HELODESK_ALLOW_SEND=1.");
      }
      if (limits.public && messages >= 1) {
        return refusal("messages-per-session", "This public HeloDesk sends one test message per session. Start a new session to send another.");
      }
      const spent = await shared.messages.take(client.key, 1, messagesSpent(limits.messagesPerHour));
      if (!spent) messages++;
      return spent;
    },
  };
  commands.EXPN = commands.VRFY;

  return {
    async connecting(addresses) {
      const seen = new Set<string>();
      for (const address of addresses.map(addressKey)) {
        if (seen.has(address)) continue;
        seen.add(address);
        const refused = await shared.perAddress.take(address, 1, (retryIn) =>
          `Too many sessions to ${address}: HeloDesk opens at most ${limits.targetPerMinute} a minute to one address, from all its users together (HELODESK_TARGET_SESSIONS_PER_MINUTE); retry in ${retryIn}.`,
        );
        if (refused) return refused;
      }
      for (const network of new Set(addresses.map(networkOf))) {
        const refused = await shared.perNetwork.take(network, 1, (retryIn) =>
          `Too many sessions to the network ${network}: HeloDesk opens at most ${limits.networkPerMinute} a minute to one network, from all its users together (HELODESK_NETWORK_SESSIONS_PER_MINUTE); retry in ${retryIn}.`,
        );
        if (refused) return refused;
      }
      return null;
    },
    command: (verb) => commands[verb]?.() ?? Promise.resolve(null),
    messageSize(bytes) {
      if (bytes <= limits.maxMessageBytes) return null;
      return refusal("message-size", `The message is over this HeloDesk's limit of ${limits.maxMessageBytes} bytes (${limits.public ? "a public deployment sends small test messages only" : "HELODESK_MAX_MESSAGE_BYTES"}).`);
    },
    messageGoing() {
      messageWent = true;
    },
    get messageWent() {
      return messageWent;
    },
    sendAllowed: limits.sendAllowed,
    messageHeaders(sessionId): Record<string, string> {
      if (!limits.public) return {};
      return { "X-HeloDesk-Test": `session ${sessionRef(sessionId)} for client ${client.ip}` };
    },
  };
}
