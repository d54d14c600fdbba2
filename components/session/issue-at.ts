import { sentence } from "@/lib/sentence";
import type { FieldIssue } from "@/lib/socket-contract";

/** The server's issue with one field (a port its policy refuses), as the sentence shown under it. */
export function issueAt(issues: readonly FieldIssue[], path: string): string | undefined {
  const message = issues.find((i) => i.path === path)?.message;
  return message === undefined ? undefined : sentence(message);
}
