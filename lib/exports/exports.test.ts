import { describe, expect, it } from "vitest";
import { DocumentBuilder, deliveredDocument, relayRefusedDocument } from "@/test/support/documents";
import { SessionDocument } from "../schemas/session";
import { codeBlock, codeSpan, escapeMarkdown } from "./markdown-escape";
import { escalationNote, exportFilename, failingStep, shareTitle, transcriptJson, transcriptText } from "./index";

describe("plain text export", () => {
  it("reads as a telnet log: arrows, every line, the checks", () => {
    const text = transcriptText(relayRefusedDocument());
    expect(text).toContain("HeloDesk session AAAAAAAAAAAAAAAAAAAAAA");
    expect(text).toMatch(/ -> RCPT TO:<bob@example\.net>\n/);
    expect(text).toMatch(/ <- 550 5\.7\.1 <Bob@Example\.NET>: Relay access denied\n/);
    expect(text).toContain("Result:  FAIL");
    expect(text).toMatch(/FAIL {2}Message accepted/);
  });

  it("shows control characters and ANSI escapes from the server as visible pictures", () => {
    const doc = new DocumentBuilder({ target: "mail.example.com" }).connect().reply("CONNECT", "220 \x1b[31mred\u202e\r\n").close();
    const text = transcriptText(doc);
    expect(text).not.toContain("\x1b");
    expect(text).toContain("220 \u241b[31mred<U+202E>");
  });

  it("words an accepted message with and without a Message-ID", () => {
    const base = () => new DocumentBuilder({ target: "mail.example.com" }).connect().reply("CONNECT", "220 ok\r\n");
    expect(transcriptText(base().message("<a1@helo.example>", 31, "4ZkQ").close())).toMatch(/ === Message <a1@helo\.example> \(31 bytes\) accepted, queue id 4ZkQ\n/);
    expect(transcriptText(base().message("", 31).close())).toMatch(/ === Message \(31 bytes\) accepted\n/);
  });

  it("JSON is the session document", () => {
    const doc = deliveredDocument();
    expect(SessionDocument.parse(JSON.parse(transcriptJson(doc)))).toEqual(doc);
  });

  it("names files by target and time, with nothing a file system would choke on", () => {
    expect(exportFilename(relayRefusedDocument(), "md")).toBe("helodesk-mail.example.com-2025-03-04T0506.md");
    const odd = { ...relayRefusedDocument(), target: "2001:db8::25" };
    expect(exportFilename(odd, "txt")).toBe("helodesk-2001_db8_25-2025-03-04T0506.txt");
  });
});

describe("Markdown escalation note", () => {
  const note = escalationNote(relayRefusedDocument(), { shareUrl: "https://helodesk.example/t/AAAAAAAAAAAAAAAAAAAAAA" });

  it("says where, from where (address and PTR) and when", () => {
    expect(note).toContain("- **Target:** `mail.example.com` port 25 — connected to `mail.example.com [192.0.2.25]`");
    expect(note).toContain("- **Tested from:** `198.51.100.7`, PTR `tester.example.org`");
    expect(note).toContain("- **When:** 2025-03-04 05:06:07 UTC");
    expect(note).toContain("<https://helodesk.example/t/AAAAAAAAAAAAAAAAAAAAAA>");
  });

  it("quotes the failing step's raw lines and says what it means and who should act", () => {
    expect(note).toContain("```text\n-> RCPT TO:<bob@example.net>\n<- 550 5.7.1 <Bob@Example.NET>: Relay access denied\n```");
    expect(note).toMatch(/\*\*What it means:\*\* .+/);
    expect(note).toMatch(/\*\*Who should act:\*\* .+/);
    expect(note).toContain("## Transcript");
  });

  /** A send test whose RCPT TO got this reply. */
  const sendRefusedAtRcpt = (reply: string) =>
    new DocumentBuilder({ target: "mail.example.com", profile: "send", from: "a@example.org", to: ["b@example.net"] })
      .connect()
      .reply("CONNECT", "220 mail.example.com ESMTP\r\n")
      .send("EHLO", "EHLO tester.example.org")
      .reply("EHLO", "250 mail.example.com\r\n")
      .send("MAIL", "MAIL FROM:<a@example.org>")
      .reply("MAIL", "250 2.1.0 Ok\r\n")
      .send("RCPT", "RCPT TO:<b@example.net>")
      .reply("RCPT", reply)
      .send("QUIT", "QUIT")
      .reply("QUIT", "221 bye\r\n")
      .close();

  it("keeps a diagnosis apart from the codes' own definitions", () => {
    const md = escalationNote(sendRefusedAtRcpt("451 4.3.0 Temporary lookup failure\r\n"));
    expect(md).toMatch(/^# SMTP test of `mail\.example\.com` port 25: FAIL/);
    expect(md).toMatch(/\*\*What it means:\*\* [^\n]*\n\n\*\*The codes by definition:\*\* 451: The server hit a problem of its own[^\n]*4\.3\.0 /);
  });

  it("calls a greylisted send a deferral that asks the tester to retry, not a failure nor a settings problem", () => {
    const md = escalationNote(sendRefusedAtRcpt("451 4.7.1 Service unavailable - try again later (greylisted)\r\n"));
    expect(md).toMatch(/^# SMTP test of `mail\.example\.com` port 25: WARN/);
    expect(md).toContain("## What failed\n\nNo check failed; one warns: Message accepted (below).");
    expect(md).toMatch(/\*\*WARN\*\* Message accepted: Deferred, most likely by greylisting: RCPT got 451 4\.7\.1 [^\n]*run this test again in 5–15 minutes/);
    expect(md).not.toContain("fix the test's settings");
  });

  it("says so when no check failed", () => {
    const ok = new DocumentBuilder({ target: "mail.example.com" }).connect().reply("CONNECT", "220 hi\r\n").send("QUIT", "QUIT").reply("QUIT", "221 bye\r\n").close();
    expect(failingStep(ok)).toBeNull();
    expect(escalationNote(ok)).toContain("## What failed\n\nNo check failed");
    expect(escalationNote(ok)).toContain("PTR not looked up");
  });

  /** A relay test: an outside sender, then each recipient answered as given. */
  const relayTest = (...rcptReplies: string[]) => {
    const b = new DocumentBuilder({ target: "mail.example.com", profile: "relay", to: rcptReplies.map((_, i) => `probe${i}@example.net`) })
      .connect()
      .reply("CONNECT", "220 mail.example.com ESMTP\r\n")
      .send("EHLO", "EHLO tester.example.org")
      .reply("EHLO", "250 mail.example.com\r\n")
      .send("MAIL", "MAIL FROM:<helodesk@example.org>")
      .reply("MAIL", "250 2.1.0 Ok\r\n");
    rcptReplies.forEach((r, i) => b.send("RCPT", `RCPT TO:<probe${i}@example.net>`).reply("RCPT", r));
    return b.send("QUIT", "QUIT").reply("QUIT", "221 2.0.0 Bye\r\n").close();
  };

  it("does not call the refusal a relay test hopes for a failure", () => {
    const refused = relayTest("554 5.7.1 <probe0@example.net>: Relay access denied\r\n");
    expect(refused.outcome).toBe("pass");
    expect(failingStep(refused)).toBeNull();
    const md = escalationNote(refused);
    expect(md).toContain("## What failed\n\nNo check failed.");
    expect(md).not.toContain("The server answered");
    expect(shareTitle(refused).title).toBe("mail.example.com:25 — all checks passed");
  });

  it("leads with the failed check when no refusal states the failure: an open relay", () => {
    // The first probe refused, the second accepted: the refusal is not what failed.
    const open = relayTest("550 5.1.1 <probe0@example.net>: User unknown\r\n", "250 2.1.5 Ok\r\n");
    expect(open.outcome).toBe("fail");
    expect(failingStep(open)).toMatchObject({ kind: "checks", checks: [{ id: "open-relay", status: "fail" }] });
    const md = escalationNote(open);
    expect(md).toMatch(/## What failed\n\nThe server answered every command, but the test failed on what it saw:\n\n- \*\*Open relay:\*\* Open relay: the server accepted a recipient outside its domains/);
    expect(md).not.toContain("User unknown\n```\n\n**What it means");
    expect(shareTitle(open).title).toBe("mail.example.com:25 — Open relay failed");
  });

  it("lists the failed checks under the refusal they rest on", () => {
    const md = escalationNote(relayRefusedDocument());
    expect(md).toMatch(/\n\nFailed check:\n\n- \*\*Message accepted:\*\* Not accepted: RCPT got 550 5\.7\.1/);
  });

  it("says an interrupted session proves nothing, and what it was waiting for", () => {
    const doc = new DocumentBuilder({ target: "mail.example.com" })
      .connect()
      .reply("CONNECT", "220 hi\r\n")
      .send("EHLO", "EHLO tester.example.org")
      .wait("the reply to EHLO", "EHLO", 30_000)
      .interrupted();
    expect(failingStep(doc)).toMatchObject({ kind: "interrupted", awaiting: { awaiting: "the reply to EHLO" } });
    const md = escalationNote(doc);
    expect(md).toContain("the test did not finish and proves nothing about the mail server. It was waiting for the reply to EHLO (it would have given up after 30 s).");
    expect(md).not.toContain("No check failed");
    expect(md).toMatch(/- \*\*When:\*\* 2025-03-04 05:06:07 UTC \(last event after 0\.0 s; HeloDesk stopped some time after that\)/);
    expect(shareTitle(doc).title).toBe("mail.example.com:25 — interrupted while awaiting the reply to EHLO");
    const text = transcriptText(doc);
    expect(text).toContain("Started: 2025-03-04T05:06:07.000Z, last event 2025-03-04T05:06:07.012Z");
    expect(text).toMatch(/\*\*\* HeloDesk stopped here, while awaiting the reply to EHLO: the test did not finish\.\n$/);
  });

  it("describes a session that never connected by its close", () => {
    const doc = new DocumentBuilder({ target: "mail.example.com" }).note("error", "connect-failed", "connect ECONNREFUSED 192.0.2.25:25").close("connect-failed", "no server answered");
    expect(escalationNote(doc)).toContain("The session ended with `connect-failed`: no server answered");
    expect(escalationNote(doc)).toContain("*** connect ECONNREFUSED 192.0.2.25:25");
    expect(escalationNote(doc)).toContain("**Who should act:** the network or firewall administrator");
  });

  it("keeps a hostile server's text inert: no link, no image, no HTML, no fence break-out", () => {
    const hostile = "550 5.7.1 [click](https://evil.example) ![x](https://evil.example/p.png) <img src=x onerror=alert(1)> www.evil.example a@b.example\r\n";
    const doc = new DocumentBuilder({ target: "mail.example.com", profile: "send", from: "a@example.org", to: ["b@example.net"] })
      .connect().reply("CONNECT", "220 ```\r\n").send("MAIL", "MAIL FROM:<a@example.org>").reply("MAIL", hostile).close();
    const md = escalationNote(doc);
    const prose = md.split(/^`{3,}.*$/m).filter((_, i) => i % 2 === 0).join("");
    expect(prose).not.toMatch(/\]\(https?:/);
    expect(prose).not.toMatch(/(?<!\\)<img/);
    expect(prose).toContain("\\<img src=x");
    // The 220 line holds a fence: the transcript block's fence is longer, so it cannot close early.
    expect(md).toContain("````text\n");
  });
});

describe("a cancelled test", () => {
  it("reads CANCELLED in both exports, as on the page, not FAIL", () => {
    const doc = new DocumentBuilder({ target: "mail.example.com" })
      .connect()
      .reply("CONNECT", "220 hi\r\n")
      .send("EHLO", "EHLO tester.example.org")
      .note("error", "cancelled", "Cancelled by the user.")
      .close("cancelled", "cancelled by the user");
    expect(doc.outcome).not.toBe("pass");
    expect(transcriptText(doc)).toContain("Result:  CANCELLED (stopped before it finished: nothing was concluded)");
    expect(escalationNote(doc)).toContain("result **CANCELLED (stopped before it finished: nothing was concluded)**");
  });
});

describe("Markdown escaping", () => {
  it("escapes what could start a link, emphasis or HTML, and breaks autolinks", () => {
    expect(escapeMarkdown("[a](http://x) *b* <i>")).toBe("\\[a\\](http\\://x) \\*b\\* \\<i\\>");
    expect(escapeMarkdown("see www.evil.example or me@evil.example")).toBe("see www\\.evil.example or me\\@evil.example");
    expect(escapeMarkdown("- one line\nsecond line")).toBe("- one line second line");
    // Text goes inside a line, after a label: numbers, parentheses and "#" stay as they read.
    expect(escapeMarkdown("5.1.1 Bad destination (325 bytes) #1 !x")).toBe("5.1.1 Bad destination (325 bytes) #1 !x");
  });

  it("makes code spans and blocks longer than any backtick run inside", () => {
    expect(codeSpan("a`b")).toBe("``a`b``");
    expect(codeSpan("`x`")).toBe("`` `x` ``");
    expect(codeBlock(["```", "x"])).toBe("````text\n```\nx\n````");
  });
});

describe("link preview title", () => {
  it("names the target and the reply that failed", () => {
    expect(shareTitle(relayRefusedDocument()).title).toBe("mail.example.com:25 — 550 5.7.1 <Bob@Example.NET>: Relay access denied");
  });

  it("says all checks passed when they did", () => {
    const ok = new DocumentBuilder({ target: "mx.example.com" }).connect().reply("CONNECT", "220 hi\r\n").send("QUIT", "QUIT").reply("QUIT", "221 bye\r\n").close();
    expect(shareTitle(ok).title).toMatch(/^mx\.example\.com:25 — /);
  });
});
