import { z } from "zod";

export const REPLY_CLASSES = ["success", "intermediate", "transient", "permanent", "unknown"] as const;
export const ReplyClass = z.enum(REPLY_CLASSES);
export type ReplyClass = z.infer<typeof ReplyClass>;

/** Who can act on a reply: the sender, the recipient's mail admin, DNS, the network, or the tester. */
export const PARTIES = ["sender", "recipient-admin", "server-admin", "dns", "network", "tester", "nobody"] as const;
export const Party = z.enum(PARTIES);
export type Party = z.infer<typeof Party>;

export const Explanation = z.object({
  summary: z.string().describe("One plain sentence: what this reply means here"),
  class: ReplyClass,
  codeMeaning: z.string().describe("Meaning of the basic code (RFC 5321 and extensions)"),
  enhanced: z
    .object({ code: z.string(), title: z.string(), detail: z.string() })
    .nullable()
    .describe("Meaning of the enhanced status code (RFC 3463 / RFC 5248 registry)"),
  hint: z.string().nullable().describe("What it means in context: which command it answered"),
  action: z.string().nullable().describe("What to do next"),
  party: Party.nullable().describe("Who can fix it"),
  decoded: z.string().nullable().describe("Decoded base64 text of a 334 challenge"),
  reference: z.string().nullable().describe("RFC section that defines the code"),
});
export type Explanation = z.infer<typeof Explanation>;
