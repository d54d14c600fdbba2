import { describe, expect, it } from "vitest";
import { DocumentBuilder, deliveredDocument } from "@/test/support/documents";
import { redactDocument } from "./redaction";
import { timingSteps } from "./session-view";

describe("timing waterfall", () => {
  it("names each command by its verb and address, whole even when the address is hidden", () => {
    const labels = (doc: ReturnType<typeof deliveredDocument>) => timingSteps(doc.events).map((s) => s.label);
    const doc = deliveredDocument({ hideAddresses: true });
    expect(labels(doc)).toEqual(["TCP connect", "greeting", "EHLO tester.example.org", "MAIL FROM:<alice@example.org>", "RCPT TO:<bob@example.net>", "RCPT TO:<carol@example.net>", "DATA", ".", "QUIT"]);
    expect(labels(redactDocument(doc))).toContain("MAIL FROM:<[sender hidden]>");
  });

  it("gives a reply that came after a cancel's QUIT to its own command, not to QUIT", () => {
    const doc = new DocumentBuilder({ target: "mail.example.com" })
      .connect()
      .reply("CONNECT", "220 hi\r\n")
      .send("EHLO", "EHLO tester.example.org")
      .send("QUIT", "QUIT")
      .reply("EHLO", "250-mail.example.com\r\n250 SIZE 1000\r\n")
      .reply("QUIT", "221 bye\r\n")
      .close();
    expect(timingSteps(doc.events).map((s) => [s.label, s.code])).toEqual([
      ["TCP connect", null],
      ["greeting", 220],
      ["EHLO tester.example.org", 250],
      ["QUIT", 221],
    ]);
  });
});
