import { SessionRequest } from "@/lib/schemas/request";
import { fieldIssues } from "@/lib/socket-contract";
import type { FormValues } from "./form-values";
import { placeIssues, type Validation } from "./place-issues";
import { toRequestInput } from "./to-request";

/** The same SessionRequest schema the server runs, on the request the form would send. */
export function validateForm(values: FormValues): Validation {
  const parsed = SessionRequest.safeParse(toRequestInput(values));
  if (parsed.success) return { request: parsed.data, errors: {}, other: [] };
  return { request: null, ...placeIssues(fieldIssues(parsed.error), values) };
}
