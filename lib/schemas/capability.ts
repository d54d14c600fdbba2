import { z } from "zod";

export const Capability = z.object({
  keyword: z.string().describe("EHLO keyword, upper-cased"),
  params: z.array(z.string()),
  known: z.boolean(),
  title: z.string().describe("Short name, e.g. 'Maximum message size'"),
  detail: z.string().describe("What it means for a sender, e.g. 'Messages up to 35.0 MB'"),
  reference: z.string().nullable(),
});
export type Capability = z.infer<typeof Capability>;
