import { describe, expect, it } from "vitest";
import { NO_ANSWER, STEP_CONTENT } from "@/components/walkthrough/step-content";
import { type StepOutcome, type StepRun, toneOf, whatToCheck } from "@/components/walkthrough/step-outcome";
import { summaryText, verdict } from "@/components/walkthrough/summary-text";
import type { ReplyEvent } from "@/lib/schemas/events";
import { DocumentBuilder } from "@/test/support/documents";

/** The reply a server gave to RCPT TO, as the engine records it (explained). */
function rcptReply(line: string): ReplyEvent {
  const doc = new DocumentBuilder({ target: "mail.example.com", profile: "interactive" })
    .connect()
    .reply("CONNECT", "220 mail.example.com ESMTP\r\n")
    .send("RCPT", "RCPT TO:<b@example.net>")
    .reply("RCPT", `${line}\r\n`)
    .close();
  const reply = doc.events.findLast((e): e is ReplyEvent => e.type === "reply" && e.command === "RCPT");
  if (!reply) throw new Error("no RCPT reply");
  return reply;
}

const replied = (line: string): StepOutcome => ({ kind: "reply", ok: false, reply: rcptReply(line), tls: null, capabilities: null });
const hungUp: StepOutcome = { kind: "problem", message: "The server closed the connection." };
const run = (command: string): StepRun => ({ command, afterSeq: 1, running: false, error: null });

describe("the walkthrough's advice", () => {
  it("gives a step's advice about codes only when a code came back", () => {
    expect(whatToCheck("rcpt-to", replied("550 5.1.1 No such user"))).toBe(STEP_CONTENT["rcpt-to"].failed);
    for (const step of ["ehlo", "mail-from", "rcpt-to", "data", "body"] as const) {
      expect(whatToCheck(step, hungUp), step).toBe(NO_ANSWER);
      expect(NO_ANSWER).not.toMatch(/\b[45]\d\d\b/);
    }
    // Not connecting at all is the connect step's own subject.
    expect(whatToCheck("connect", { kind: "problem", message: "Connection refused." })).toBe(STEP_CONTENT.connect.failed);
  });

  it("puts the no-answer advice, not the refusal codes, in the summary for the ticket", () => {
    const rows = [{ step: "mail-from" as const, run: run("MAIL FROM:<a@example.org>"), outcome: hungUp }];
    expect(verdict(rows)).toMatchObject({ ok: false, tone: "fail", detail: NO_ANSWER });
    expect(summaryText("mail.example.com port 25", rows)).not.toMatch(/550 or 553/);
  });

  it("calls a walk stopped by a 4xx 'not now', not failed", () => {
    const greylisted = replied("451 4.7.1 Greylisted, try again later");
    expect(toneOf(greylisted)).toBe("retry");
    expect(toneOf(replied("550 5.7.1 Unable to relay"))).toBe("fail");
    const v = verdict([{ step: "rcpt-to", run: run("RCPT TO:<b@example.net>"), outcome: greylisted }]);
    expect(v).toMatchObject({ ok: false, tone: "retry" });
    expect(v.detail).toMatch(/^Retry in 5–15 minutes/);
  });
});
