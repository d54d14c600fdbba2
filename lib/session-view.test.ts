import { describe, expect, it } from "vitest";
import { deliveredDocument } from "@/test/support/documents";
import { redactDocument } from "./redaction";
import { timingSteps } from "./session-view";

describe("timing waterfall", () => {
  it("names each command by its verb and address, whole even when the address is hidden", () => {
    const labels = (doc: ReturnType<typeof deliveredDocument>) => timingSteps(doc.events).map((s) => s.label);
    const doc = deliveredDocument({ hideAddresses: true });
    expect(labels(doc)).toEqual(["TCP connect", "greeting", "EHLO tester.example.org", "MAIL FROM:<alice@example.org>", "RCPT TO:<bob@example.net>", "RCPT TO:<carol@example.net>", "DATA", ".", "QUIT"]);
    expect(labels(redactDocument(doc))).toContain("MAIL FROM:<[sender hidden]>");
  });
});
