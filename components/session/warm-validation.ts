import { SessionEventMessage } from "@/lib/socket-contract";

/**
 * A made-up greeting, shaped as the server sends the first reply of every test. zod builds parts of a
 * schema on its first parse (the event union's lookup by type, each object's shape): parsed once when
 * the socket opens, that work is done before Run instead of between the 220 arriving and being shown.
 */
export const WARM_UP_MESSAGE = {
  id: "warm-up-warm-up-warm-up",
  event: {
    seq: 1,
    t: 1,
    dt: 1,
    type: "reply",
    code: 220,
    enhancedCode: null,
    lines: ["220 warm-up ESMTP"],
    text: ["warm-up ESMTP"],
    raw: "220 warm-up ESMTP\r\n",
    flags: [],
    command: "CONNECT",
    unsolicited: false,
    tls: false,
    explanation: {
      summary: "The server is ready.",
      class: "success",
      codeMeaning: "Service ready",
      enhanced: { code: "2.0.0", title: "Other undefined status", detail: "Other undefined status" },
      hint: null,
      action: null,
      party: null,
      decoded: null,
      reference: null,
    },
  },
} as const;

/** Parses the sample once, off the current task; the result is not used. */
export function warmValidation(): void {
  setTimeout(() => void SessionEventMessage.safeParse(WARM_UP_MESSAGE), 0);
}
