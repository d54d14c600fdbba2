import { describe, expect, it } from "vitest";
import { DocumentBuilder, deliveredDocument, relayRefusedDocument } from "@/test/support/documents";
import { SessionDocument } from "./schemas/session";
import { createEventRedactor, redactDocument } from "./redaction";

const everything = (doc: SessionDocument) => JSON.stringify(doc);

describe("hiding addresses", () => {
  it("replaces the sender and recipient everywhere, in any letter case, replies included", () => {
    const doc = relayRefusedDocument({ hideAddresses: true });
    expect(everything(doc)).toMatch(/alice@example\.org/i);
    const shared = redactDocument(doc);
    const text = everything(shared);
    expect(text).not.toMatch(/alice@example\.org/i);
    expect(text).not.toMatch(/bob@example\.net/i);
    const lines = shared.events.flatMap((e) => (e.type === "send" ? [e.line] : e.type === "reply" ? e.lines : []));
    expect(lines).toContain("MAIL FROM:<[sender hidden]>");
    expect(lines).toContain("250 2.1.0 <[sender hidden]> sender ok");
    expect(lines).toContain("550 5.7.1 <[recipient hidden]>: Relay access denied");
    expect(shared.request.from).toBe("[sender hidden]");
    expect(shared.request.to).toEqual(["[recipient hidden]"]);
  });

  it("hides the recipient's domain where it stands alone (the relay explanation names it), not inside host names, nor the target's own", () => {
    const doc = new DocumentBuilder({ target: "mail.example.com", profile: "relay", from: "alice@example.org", to: ["bob@example.net"], share: { hideAddresses: true } })
      .connect()
      .reply("CONNECT", "220 mail.example.com ESMTP\r\n")
      .send("RCPT", "RCPT TO:<bob@example.net>")
      .reply("RCPT", "550 5.7.1 <bob@example.net>: Relay access denied\r\n", { recipientDomain: "example.net", recipientIsLocal: false })
      .close();
    expect(everything(doc)).toMatch(/pass mail on to example\.net\b/);
    const shared = redactDocument(doc);
    const rcpt = shared.events.find((e) => e.type === "reply" && e.command === "RCPT");
    expect(rcpt?.type === "reply" && rcpt.explanation.summary).toBe("Relaying refused: the server will not pass mail on to [domain hidden] for a sender that has not logged in.");
    expect(everything(shared)).not.toMatch(/(?<![\w.-])example\.net(?![\w-])/i);
    expect(shared.target).toBe("mail.example.com");

    // A host in the domain stays a host; the domain the target shows is not hidden.
    const own = new DocumentBuilder({ target: "example.net", profile: "relay", to: ["bob@example.net"], share: { hideAddresses: true } })
      .connect()
      .reply("CONNECT", "220 mx.example.net ESMTP\r\n")
      .close();
    const ownShared = redactDocument(own);
    expect(everything(ownShared)).toContain("220 mx.example.net ESMTP");
    const other = new DocumentBuilder({ target: "192.0.2.25", profile: "relay", to: ["bob@example.net"], share: { hideAddresses: true } })
      .connect()
      .reply("CONNECT", "220 mx.example.net ESMTP, no relaying for example.net.\r\n")
      .close();
    expect(everything(redactDocument(other))).toContain("220 mx.example.net ESMTP, no relaying for [domain hidden].");
  });

  it("numbers recipients when there are several, and keeps the document valid", () => {
    const shared = redactDocument(deliveredDocument({ hideAddresses: true }));
    expect(shared.request.to).toEqual(["[recipient 1 hidden]", "[recipient 2 hidden]"]);
    const rcpts = shared.events.filter((e) => e.type === "send" && e.command === "RCPT").map((e) => (e.type === "send" ? e.line : ""));
    expect(rcpts).toEqual(["RCPT TO:<[recipient 1 hidden]>", "RCPT TO:<[recipient 2 hidden]>"]);
    expect(SessionDocument.safeParse(shared).success).toBe(true);
  });

  it("hides an address inside the body too when only addresses are hidden", () => {
    const shared = redactDocument(deliveredDocument({ hideAddresses: true }));
    expect(everything(shared)).toContain("From: [sender hidden]");
    expect(everything(shared)).toContain("the launch code is 1234");
  });

  it("leaves the null sender <> as it is, and still hides the recipient", () => {
    const doc = new DocumentBuilder({ target: "mail.example.com", profile: "relay", from: "<>", to: ["bob@example.net"], share: { hideAddresses: true } })
      .connect()
      .reply("CONNECT", "220 mail.example.com ESMTP\r\n")
      .send("MAIL", "MAIL FROM:<>")
      .reply("MAIL", "250 2.1.0 <> ok\r\n")
      .send("RCPT", "RCPT TO:<bob@example.net>")
      .reply("RCPT", "554 5.7.1 <bob@example.net>: Relay access denied\r\n")
      .close();
    const lines = redactDocument(doc).events.flatMap((e) => (e.type === "send" ? [e.line] : e.type === "reply" ? e.lines : []));
    expect(lines).toEqual(["220 mail.example.com ESMTP", "MAIL FROM:<>", "250 2.1.0 <> ok", "RCPT TO:<[recipient hidden]>", "554 5.7.1 <[recipient hidden]>: Relay access denied"]);
  });

  it("hides addresses typed in the console, which no request field names, and ones the server adds", () => {
    const typed = new DocumentBuilder({ target: "mail.example.com", profile: "interactive", share: { hideAddresses: true } })
      .connect()
      .reply("CONNECT", "220 mail.example.com ESMTP\r\n")
      .send("MAIL", "mail from:<dave@example.org>")
      .reply("MAIL", "250 2.1.0 <DAVE@EXAMPLE.ORG> ok\r\n")
      .send("VRFY", "VRFY erin@example.net")
      .reply("VRFY", "252 2.1.5 Cannot verify; write to postmaster@mail.example.com\r\n")
      .close();
    const text = everything(redactDocument(typed));
    expect(text).not.toMatch(/dave@|erin@|postmaster@/i);
    expect(text).toContain("mail from:<[address hidden]>");
    expect(text).toContain("VRFY [address hidden]");
  });

  it("leaves a document alone when nothing is to be hidden", () => {
    const doc = relayRefusedDocument();
    expect(redactDocument(doc)).toBe(doc);
  });
});

describe("hiding the body", () => {
  it("replaces the lines between the 354 and the final dot with one line that counts them", () => {
    const doc = deliveredDocument({ hideBody: true });
    const shared = redactDocument(doc);
    const sent = shared.events.flatMap((e) => (e.type === "send" ? [e.line] : []));
    expect(sent).toContain("[message body hidden: 3 lines]");
    expect(sent).toContain(".");
    expect(everything(shared)).not.toContain("launch code");
    expect(shared.request.subject).toBe("[subject hidden]");
    // The addresses stay: only the body was chosen.
    expect(sent).toContain("MAIL FROM:<alice@example.org>");
  });

  it("keeps seqs increasing, the placeholder taking the first hidden line's seq", () => {
    const shared = redactDocument(deliveredDocument({ hideBody: true }));
    const seqs = shared.events.map((e) => e.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    const placeholder = shared.events.find((e) => e.type === "send" && e.line.startsWith("[message body hidden"));
    const original = deliveredDocument().events.find((e) => e.type === "send" && e.command === "DATA-LINE");
    expect(placeholder?.seq).toBe(original?.seq);
  });

  it("holds live body lines back until the body ends, then sends the one line", () => {
    const doc = deliveredDocument({ hideBody: true });
    const redact = createEventRedactor(doc.request);
    const out = doc.events.map((e) => redact(e));
    const lines = doc.events.map((e, i) => ({ e, out: out[i]! })).filter(({ e }) => e.type === "send" && e.command === "DATA-LINE");
    expect(lines.map((l) => l.out)).toEqual([[], [], []]);
    const end = out[doc.events.findIndex((e) => e.type === "send" && e.command === "DATA-END")]!;
    expect(end.map((e) => (e.type === "send" ? e.line : e.type))).toEqual(["[message body hidden: 3 lines]", "."]);
  });

  it("gives a viewer who joins mid-stream what redacting every event would have, after passing the earlier ones", () => {
    const doc = deliveredDocument({ hideAddresses: true, hideBody: true });
    const dataLines = doc.events.flatMap((e, i) => (e.type === "send" && e.command === "DATA-LINE" ? [i] : []));
    // Joining before the body, in the middle of it (a line already held back), and after it.
    for (const joinAt of [1, dataLines[1]!, doc.events.length - 1]) {
      const everyEvent = createEventRedactor(doc.request);
      const expected = doc.events.map((e) => everyEvent(e)).slice(joinAt);
      const joined = createEventRedactor(doc.request);
      doc.events.slice(0, joinAt).forEach((e) => joined.pass(e));
      expect(doc.events.slice(joinAt).map((e) => joined(e)), `joining at event ${joinAt}`).toEqual(expected);
    }
  });

  it("hides both when both are chosen", () => {
    const text = everything(redactDocument(deliveredDocument({ hideAddresses: true, hideBody: true })));
    expect(text).not.toMatch(/alice@|bob@|carol@|launch code|Secret plans/i);
  });
});
