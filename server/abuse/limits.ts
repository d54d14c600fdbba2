import type { Config } from "@/server/config";

/** A public deployment that sends sends little: these ceilings apply whatever the settings say. */
export const PUBLIC_MAX_RECIPIENTS = 3;
export const PUBLIC_MAX_MESSAGE_BYTES = 16 * 1024;
/** The busy answer's retry hint: most sessions end within seconds. */
export const BUSY_RETRY_SEC = 10;
/** The window of HELODESK_SESSIONS_BURST. */
export const BURST_WINDOW_SEC = 10;

/** The effective limits, read once from the settings. */
export interface AbuseLimits {
  public: boolean;
  sendAllowed: boolean;
  sessionsPerMinute: number;
  sessionsBurst: number;
  maxConcurrent: number;
  maxPerClient: number;
  targetPerMinute: number;
  networkPerMinute: number;
  maxRecipients: number;
  maxMessageBytes: number;
  messagesPerHour: number;
  maxVrfyPerSession: number;
  probesPerHour: number;
}

export function limitsFromConfig(config: Config): AbuseLimits {
  const pub = config.HELODESK_PUBLIC;
  return {
    public: pub,
    sendAllowed: !pub || config.HELODESK_ALLOW_SEND,
    sessionsPerMinute: config.HELODESK_SESSIONS_PER_MINUTE,
    sessionsBurst: config.HELODESK_SESSIONS_BURST,
    maxConcurrent: config.HELODESK_MAX_CONCURRENT_SESSIONS,
    maxPerClient: config.HELODESK_MAX_SESSIONS_PER_CLIENT,
    targetPerMinute: config.HELODESK_TARGET_SESSIONS_PER_MINUTE,
    networkPerMinute: config.HELODESK_NETWORK_SESSIONS_PER_MINUTE,
    maxRecipients: pub ? Math.min(config.HELODESK_MAX_RECIPIENTS, PUBLIC_MAX_RECIPIENTS) : config.HELODESK_MAX_RECIPIENTS,
    maxMessageBytes: pub ? Math.min(config.HELODESK_MAX_MESSAGE_BYTES, PUBLIC_MAX_MESSAGE_BYTES) : config.HELODESK_MAX_MESSAGE_BYTES,
    messagesPerHour: config.HELODESK_MESSAGES_PER_HOUR,
    maxVrfyPerSession: config.HELODESK_MAX_VRFY_PER_SESSION,
    probesPerHour: config.HELODESK_PROBES_PER_HOUR,
  };
}
