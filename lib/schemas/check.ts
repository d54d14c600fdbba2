import { z } from "zod";

export const CHECK_STATUSES = ["pass", "warn", "fail", "info"] as const;
export const CheckStatus = z.enum(CHECK_STATUSES);
export type CheckStatus = z.infer<typeof CheckStatus>;

export const Check = z.object({
  id: z.string(),
  status: CheckStatus,
  title: z.string(),
  detail: z.string().describe("One sentence, the way an admin reads it"),
});
export type Check = z.infer<typeof Check>;
