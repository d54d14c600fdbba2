import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { explain, explainFresh, type ReplyContext } from "./annotate";
import { REPLY_RULES } from "./annotate-rules";
import { decodeChallenge } from "./sasl-challenge";
import { VERBS, type Verb } from "./schemas/events";
import { Explanation } from "./schemas/explanation";
import type { Reply } from "./schemas/reply";

/** A one-line reply as the parser would hand it over: "550 5.7.1 Relaying denied". */
function reply(code: number, enhancedCode: string | null, text = ""): Reply {
  const line = [String(code), enhancedCode, text].filter((s) => s !== null && s !== "").join(" ");
  return { code, enhancedCode, lines: [line], text: [text], raw: `${line}\r\n`, flags: [] };
}

const on = (command: Verb | null, extra: Omit<ReplyContext, "command"> = {}): ReplyContext => ({ command, ...extra });

describe("relaying", () => {
  const anonymous = on("RCPT", { recipientDomain: "example.org", recipientIsLocal: false, authenticated: false });

  it("explains 550 5.7.1 for an outside domain as a refused relay, expected for an anonymous sender", () => {
    const e = explain(reply(550, "5.7.1", "Unable to relay"), anonymous);
    expect(e.summary).toBe(
      "Relaying refused: the server will not pass mail on to example.org for a sender that has not logged in.",
    );
    expect(e.hint).toMatch(/right and expected for an anonymous sender/);
    expect(e.action).toMatch(/AUTH on port 587/);
    expect(e.party).toBe("sender");
  });

  it("reads 554 5.7.1 the same way, even without the word relay", () => {
    expect(explain(reply(554, "5.7.1", "Access denied"), anonymous).summary).toMatch(/^Relaying refused/);
  });

  it("does not take a refused sender, client or blocked address for a relay refusal", () => {
    for (const text of ["<a@example.com>: Sender address rejected: Access denied", "<unknown[127.0.0.1]>: Client host rejected: Access denied", "Service unavailable; Client host [127.0.0.1] blocked using zen.spamhaus.org"]) {
      const e = explain(reply(554, "5.7.1", text), { ...anonymous, profile: "relay" });
      expect(e.summary, text).not.toMatch(/^Relaying refused/);
      expect(e.hint ?? "", text).not.toMatch(/PASS result/);
    }
  });

  it("reads Postfix's 450 4.7.1 for a HELO name or a rate limit as that, not as greylisting nor as a mailbox", () => {
    for (const [text, summary] of [
      ["<tester.example.test>: Helo command rejected: Host not found", /^The server turns this client away for now because of the name it announced in EHLO/],
      ["Error: too much mail from 127.0.0.1", /too much mail from this address or account \(a rate limit\)/],
      ["Temporarily blocked for abuse, try later", /^The server's policy turns this sender, client or message away for now/],
      ["No reverse for 192.0.2.7, try later", /^The server's policy turns this sender, client or message away for now/],
    ] as const) {
      const e = explain(reply(450, "4.7.1", text), anonymous);
      expect(e.summary, text).toMatch(summary);
      expect(e.hint, text).toMatch(/Unlike greylisting/);
    }
    expect(explain(reply(450, "4.7.1", "Please try again later"), anonymous).summary).toMatch(/greylisting/i);
    // 452 is too many recipients or no room, whatever the detail says.
    expect(explain(reply(452, "4.7.1", "Too many recipients"), anonymous).summary).not.toMatch(/for now/);
  });

  it("calls it the PASS result in the relay profile", () => {
    const e = explain(reply(550, "5.7.1", "Relaying denied"), { ...anonymous, profile: "relay" });
    expect(e.hint).toMatch(/PASS result/);
    expect(e.party).toBe("nobody");
  });

  it("asks nothing of anyone in the relay profile: refusing is the right answer", () => {
    const e = explain(reply(550, "5.7.1", "Relaying denied"), { ...anonymous, profile: "relay" });
    expect(e.action).toBe("Nothing to do: refusing to relay for a sender that has not logged in is what a safe server does.");
    expect(e.action).not.toMatch(/AUTH|Check that/);
  });

  it("recognises relay refusal wording when the domain's status is unknown", () => {
    const e = explain(reply(554, null, "<a@example.org>: Relay access denied"), on("RCPT", { recipientDomain: "example.org" }));
    expect(e.summary).toMatch(/^Relaying refused/);
    expect(e.hint).toMatch(/If example.org should be one of this server's own domains/);
  });

  it("does not mistake Postfix's relay recipient table for a relay refusal", () => {
    const e = explain(reply(550, "5.1.1", "<a@example.org>: Recipient address rejected: User unknown in relay recipient table"), anonymous);
    expect(e.summary).toBe("The server says this recipient does not exist.");
  });

  it("blames the account's rights when a logged-in session is refused", () => {
    const e = explain(reply(550, "5.7.1", "Relaying denied"), { ...anonymous, authenticated: true });
    expect(e.summary).toMatch(/even though the session is logged in/);
    expect(e.party).toBe("server-admin");
  });

  it("treats 5.7.1 for the server's own domain as a policy on the recipient", () => {
    const e = explain(reply(550, "5.7.1", "Sender not allowed"), { ...anonymous, recipientIsLocal: true });
    expect(e.summary).toMatch(/takes mail for example.org but refuses it/);
    expect(e.party).toBe("recipient-admin");
  });
});

describe("STARTTLS and AUTH required first", () => {
  it.each(["MAIL", "RCPT", "DATA"] as const)("explains 530 5.7.0 answering %s", (command) => {
    const e = explain(reply(530, "5.7.0", "Authentication required"), on(command, { tls: true }));
    expect(e.summary).toMatch(/requires authentication \(AUTH\) before/);
    expect(e.hint).toBe("The session is encrypted but not logged in: AUTH is needed first.");
    expect(e.party).toBe("sender");
  });

  it("asks for STARTTLS when the text does and the session is in plain text", () => {
    const e = explain(reply(530, "5.7.0", "Must issue a STARTTLS command first"), on("MAIL", { tls: false }));
    expect(e.summary).toBe("The server requires STARTTLS before MAIL FROM.");
    expect(e.hint).toMatch(/STARTTLS comes first, then AUTH/);
    expect(explain(reply(530, "5.7.0", "Must issue a STARTTLS command first"), on("MAIL", { tls: false, starttlsOffered: true })).hint).toMatch(/STARTTLS comes first/);
  });

  it("does not send the user to STARTTLS when the server's EHLO did not offer it", () => {
    const e = explain(reply(530, "5.7.0", "Must issue a STARTTLS command first"), on("MAIL", { tls: false, starttlsOffered: false }));
    expect(e.hint).toMatch(/did not offer STARTTLS: if it insists on TLS it is misconfigured, or it expects TLS from the first byte \(port 465\)/);
  });
});

describe("greylisting", () => {
  it("reads 451 4.7.1 on RCPT as greylisting of the tester's address", () => {
    const e = explain(reply(451, "4.7.1", "Please try again later"), on("RCPT"));
    expect(e.summary).toMatch(/^Most likely greylisting/);
    expect(e.action).toMatch(/5–15 minutes/);
    expect(e.party).toBe("tester");
  });

  it("recognises greylisting by its text, as Postgrey sends it", () => {
    const e = explain(reply(450, "4.2.0", "Recipient address rejected: Greylisted, see https://postgrey.example/"), on("RCPT"));
    expect(e.party).toBe("tester");
    expect(e.summary).toMatch(/greylisting/);
  });

  it("keeps a missing reverse DNS apart from greylisting", () => {
    const e = explain(reply(450, "4.7.1", "Client host rejected: cannot find your reverse hostname, [192.0.2.7]"), on("RCPT"));
    expect(e.summary).toMatch(/reverse DNS \(PTR\)/);
    expect(e.party).toBe("dns");
  });
});

describe("the greeting", () => {
  it("explains 220 as the banner", () => {
    const e = explain(reply(220, null, "mx.example.com ESMTP Postfix"), on("CONNECT"));
    expect(e.summary).toBe("The server is ready: this is its greeting (banner).");
    expect(e.class).toBe("success");
    expect(e.party).toBe("nobody");
  });

  it.each([
    [554, "5.7.1", "Access denied"],
    [550, "5.7.1", "Client refused"],
    [554, null, "Service unavailable; Client host [192.0.2.7] blocked using zen.spamhaus.org"],
  ])("blames the tester's address for %s %s at the greeting", (code, enhanced, text) => {
    const e = explain(reply(code, enhanced, text), on("CONNECT"));
    expect(e.party).toBe("tester");
    expect(e.summary).toMatch(/address this test connects from/);
  });

  it("explains 521 as a host that takes no mail at all (RFC 7504)", () => {
    const e = explain(reply(521, "5.3.2", "mail.example.com does not accept mail"), on("CONNECT"));
    expect(e.summary).toMatch(/does not accept mail at all/);
    expect(e.reference).toBe("RFC 7504");
    expect(e.party).toBe("dns");
  });

  it("explains 556 as a recipient domain with a null MX", () => {
    const e = explain(reply(556, "5.1.10", "Recipient address has null MX"), on("RCPT", { recipientDomain: "nomail.example" }));
    expect(e.summary).toMatch(/nomail.example accepts no mail: it publishes a null MX/);
    expect(e.party).toBe("recipient-admin");
  });
});

describe("421 and unsolicited replies", () => {
  it("explains 421 at the greeting as sessions refused for now", () => {
    const e = explain(reply(421, "4.3.2", "Service not available"), on("CONNECT"));
    expect(e.summary).toMatch(/refuses new sessions right now/);
    expect(e.class).toBe("transient");
    expect(e.party).toBe("server-admin");
  });

  it("explains 421 after a command as the server closing the channel", () => {
    const e = explain(reply(421, "4.4.2", "Timeout exceeded"), on("MAIL"));
    expect(e.summary).toBe("The server is closing the connection (421) instead of answering MAIL FROM.");
    expect(e.hint).toMatch(/rate limit/);
  });

  it("says when a reply answers no command", () => {
    expect(explain(reply(421, null, "Idle timeout"), on(null)).summary).toMatch(/without being asked/);
    expect(explain(reply(554, null, "Go away"), on(null)).summary).toBe("The server sent a 554 reply that answers no command.");
  });
});

describe("syntax and sequence errors", () => {
  it("suspects a typo after a hand-typed command the server did not know", () => {
    const e = explain(reply(500, "5.5.2", "Error: command not recognized"), on("OTHER", { typed: true }));
    expect(e.hint).toMatch(/KB 153119/);
    expect(e.hint).toMatch(/MAIL FROM:/);
    expect(e.party).toBe("tester");
  });

  it("does not talk about typos for a command the tool sent", () => {
    const e = explain(reply(502, "5.5.1", "Command not implemented"), on("HELP"));
    expect(e.summary).toBe("The server does not support HELP.");
    expect(e.hint).toBeNull();
    expect(e.party).toBe("nobody");
  });

  it("explains 500 after EHLO as EHLO not supported, with HELO as the fallback", () => {
    const e = explain(reply(500, null, "Command unrecognized"), on("EHLO", { typed: true }));
    expect(e.summary).toMatch(/falls back to HELO/);
    expect(e.action).toMatch(/HELO/);
  });

  it("explains 501 after EHLO as a bad host name argument", () => {
    expect(explain(reply(501, "5.5.4", "Syntactically invalid EHLO argument(s)"), on("EHLO")).hint).toMatch(/fully qualified host name/);
  });

  it("explains 501 to MAIL FROM as the address syntax", () => {
    const e = explain(reply(501, "5.1.7", "Bad sender address syntax"), on("MAIL"));
    expect(e.hint).toMatch(/MAIL FROM:<name@example.com>/);
    expect(e.hint).toMatch(/angle brackets/);
    expect(e.party).toBe("sender");
    expect(explain(reply(501, null, "Syntax error"), on("RCPT", { typed: true })).party).toBe("tester");
  });

  it("blames the sender's domain, not the syntax, for 501 5.1.8", () => {
    const e = explain(reply(501, "5.1.8", "Sender address rejected: Domain not found"), on("MAIL"));
    expect(e.summary).toMatch(/its domain does not exist/);
    expect(e.party).toBe("dns");
  });

  it.each([
    ["RCPT", {}, /needs an accepted MAIL FROM first/],
    ["MAIL", {}, /needs EHLO \(or HELO\) first/],
    ["AUTH", { authenticated: true }, /already logged in/],
    ["STARTTLS", { tls: true }, /TLS is already active/],
  ] as const)("explains 503 answering %s by its sequence", (command, extra, hint) => {
    const e = explain(reply(503, "5.5.1", "Bad sequence of commands"), on(command, extra));
    expect(e.summary).toMatch(/^Bad sequence of commands/);
    expect(e.hint).toMatch(hint);
  });
});

describe("authentication", () => {
  it("explains 535 5.7.8 as invalid credentials, naming Microsoft 365 and Google", () => {
    const e = explain(reply(535, "5.7.8", "Authentication credentials invalid"), on("AUTH-DATA"));
    expect(e.summary).toMatch(/did not accept these credentials/);
    expect(e.hint).toMatch(/SmtpClientAuthentication is disabled/);
    expect(e.hint).toMatch(/app password/);
    expect(e.party).toBe("sender");
  });

  it("recognises Microsoft 365 with SMTP AUTH switched off", () => {
    const text = "Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.";
    expect(explain(reply(535, "5.7.139", text), on("AUTH-DATA")).summary).toMatch(/turned off for this Microsoft 365/);
  });

  it("explains Exchange's 535 5.7.3 as the failed sign-in it is, not the registry's security conversion", () => {
    const e = explain(reply(535, "5.7.3", "Authentication unsuccessful"), on("AUTH-DATA"));
    expect(e.summary).toMatch(/^Authentication failed: Exchange did not accept this sign-in/);
    expect(e.hint).toMatch(/DOMAIN\\user and the full address/);
    expect(e.action).toMatch(/Outlook on the web/);
    expect(e.enhanced?.title).toMatch(/conversion/i);
    // Another server's 535 keeps the general reading.
    expect(explain(reply(535, "5.7.8", "Error: authentication failed"), on("AUTH-DATA")).summary).toMatch(/did not accept these credentials/);
  });

  it("recognises Google's refusal of a normal password", () => {
    const e = explain(reply(534, "5.7.9", "Application-specific password required."), on("AUTH"));
    expect(e.summary).toBe("Google refused the password.");
  });

  it("explains 534 5.7.9, 538 5.7.11 and 454 4.7.0", () => {
    expect(explain(reply(534, "5.7.9", "Authentication mechanism is too weak"), on("AUTH")).summary).toMatch(/too weak/);
    const tls = explain(reply(538, "5.7.11", "Encryption required"), on("AUTH", { tls: false }));
    expect(tls.action).toMatch(/STARTTLS first/);
    const temp = explain(reply(454, "4.7.0", "Temporary authentication failure"), on("AUTH-DATA"));
    expect(temp.summary).toMatch(/^Temporary authentication failure/);
    expect(temp.party).toBe("server-admin");
  });

  it("explains 235 2.7.0 as success", () => {
    const e = explain(reply(235, "2.7.0", "Authentication successful"), on("AUTH-DATA"));
    expect(e.summary).toBe("Authentication succeeded: the session is logged in.");
    expect(e.enhanced?.title).toBe("Other or undefined security status");
  });

  it("points at STARTTLS and port 587 when AUTH is not offered on port 25", () => {
    const e = explain(reply(502, "5.5.1", "Command not implemented"), on("AUTH", { tls: false, port: 25 }));
    expect(e.hint).toMatch(/only after STARTTLS/);
    expect(e.hint).toMatch(/port 587/);
  });
});

describe("334 challenges", () => {
  it("decodes the AUTH LOGIN prompts", () => {
    const user = explain(reply(334, null, "VXNlcm5hbWU6"), on("AUTH"));
    expect(user.decoded).toBe("Username:");
    expect(user.class).toBe("intermediate");
    expect(user.action).toBe("Send the user name, base64-encoded.");
    expect(explain(reply(334, null, "UGFzc3dvcmQ6"), on("AUTH-DATA")).decoded).toBe("Password:");
  });

  it("recognises a CRAM-MD5 challenge", () => {
    const e = explain(reply(334, null, btoa("<1896.697170952@postoffice.example.net>")), on("AUTH"));
    expect(e.decoded).toBe("<1896.697170952@postoffice.example.net>");
    expect(e.hint).toMatch(/CRAM-MD5/);
  });

  it("explains an XOAUTH2 error document", () => {
    const json = '{"status":"401","schemes":"bearer","scope":"https://mail.google.com/"}';
    const e = explain(reply(334, null, btoa(json)), on("AUTH"));
    expect(e.decoded).toBe(json);
    expect(e.summary).toMatch(/refused the OAuth token/);
    expect(e.hint).toMatch(/status 401: the token is invalid, expired/);
    expect(e.hint).toMatch(/scope https:\/\/mail.google.com\//);
    expect(e.action).toMatch(/empty line/);
    expect(e.party).toBe("sender");
  });

  it("leaves decoded empty for an empty challenge, binary data or plain words", () => {
    const empty = explain(reply(334, null, ""), on("AUTH"));
    expect(empty.decoded).toBeNull();
    expect(empty.hint).toMatch(/empty challenge/);
    expect(explain(reply(334, null, "Go ahead"), on("AUTH")).decoded).toBeNull();
    expect(decodeChallenge("//79")).toBeNull(); // bytes ff fe fd: not UTF-8
    expect(decodeChallenge("AAEC")).toBeNull(); // control characters
    expect(decodeChallenge("VXNlcm5hbWU")).toBe("Username"); // padding dropped
  });

  it("decodes only 334 replies", () => {
    expect(explain(reply(250, null, "VXNlcm5hbWU6"), on("NOOP")).decoded).toBeNull();
  });
});

describe("the normal path", () => {
  it("explains 220 to STARTTLS as the go-ahead for the handshake", () => {
    const e = explain(reply(220, "2.0.0", "Ready to start TLS"), on("STARTTLS"));
    expect(e.summary).toBe("Ready to start TLS: the TLS handshake comes next.");
    expect(e.reference).toBe("RFC 3207 4");
  });

  it("explains 354 to DATA with the final dot", () => {
    expect(explain(reply(354, null, "End data with <CR><LF>.<CR><LF>"), on("DATA")).summary).toMatch(/single dot/);
  });

  it("explains 250 after the message as queued, not delivered", () => {
    const e = explain(reply(250, "2.0.0", "Ok: queued as 4Yx2Lq1kz9"), on("DATA-END"));
    expect(e.summary).toBe("The server accepted the message and queued it for delivery.");
    expect(e.hint).toMatch(/Accepted is not delivered/);
    expect(explain(reply(250, "2.0.0", "OK"), on("BDAT")).summary).toMatch(/LAST chunk/);
  });

  it("explains 221 to QUIT as goodbye", () => {
    expect(explain(reply(221, "2.0.0", "Bye"), on("QUIT")).summary).toMatch(/goodbye/);
  });
});

describe("recipients and messages refused", () => {
  const rcpt = on("RCPT", { recipientDomain: "example.com", recipientIsLocal: true });

  it.each([
    ["5.1.1", /5\.1\.1, 5\.1\.10 and 5\.4\.1/],
    ["5.1.10", /Recipient not found by SMTP address lookup/],
    ["5.4.1", /Directory-Based Edge Blocking/],
  ])("explains 550 %s on RCPT as no such recipient", (code, hint) => {
    const e = explain(reply(550, code, "Recipient rejected"), rcpt);
    expect(e.summary).toBe("The server says this recipient does not exist.");
    expect(e.hint).toMatch(hint);
    expect(e.party).toBe("recipient-admin");
  });

  it("keeps the registry title for 5.4.1 while the summary says what it means in practice", () => {
    const e = explain(reply(550, "5.4.1", "Recipient address rejected: Access denied"), rcpt);
    expect(e.enhanced?.title).toBe("No answer from host");
  });

  it("explains mailbox full, message too big and too many recipients", () => {
    expect(explain(reply(552, "5.2.2", "Mailbox full"), rcpt)).toMatchObject({
      summary: "The recipient's mailbox is full.",
      party: "recipient-admin",
    });
    expect(explain(reply(552, "5.3.4", "Message size exceeds fixed limit"), on("DATA-END"))).toMatchObject({
      summary: "The message is too big for the server.",
      party: "sender",
    });
    expect(explain(reply(452, "4.5.3", "Too many recipients"), rcpt).party).toBe("sender");
    expect(explain(reply(452, "4.3.1", "Insufficient system storage"), on("MAIL")).party).toBe("server-admin");
  });

  it.each([
    ["5.7.23", /^SPF failed/],
    ["5.7.25", /reverse DNS/],
    ["5.7.26", /SPF, DKIM, DMARC/],
    ["5.7.20", /^DKIM failed/],
  ])("sends %s to the sender's DNS admin", (code, summary) => {
    const e = explain(reply(550, code, "Message rejected"), on("DATA-END"));
    expect(e.summary).toMatch(summary);
    expect(e.party).toBe("dns");
  });

  it("explains 5.6.0 as refused content", () => {
    for (const code of [550, 554]) {
      const e = explain(reply(code, "5.6.0", "Message content rejected"), on("DATA-END"));
      expect(e.summary).toMatch(/refused the message content/);
      expect(e.party).toBe("sender");
    }
  });

  it("handles Microsoft's 5.7.6xx codes, which are not in the registry", () => {
    const text = "Access denied, banned sending IP [192.0.2.7]. To request removal from this list please visit https://sender.office.com/";
    const e = explain(reply(550, "5.7.606", text), on("RCPT"));
    expect(e.enhanced?.title).toMatch(/^Security or policy status \(detail 606 is not in the registry\)/);
    expect(e.party).toBe("tester");
    expect(e.hint).toMatch(/5\.7\.606 to 5\.7\.649/);
  });
});

describe("codes no rule knows", () => {
  it("falls back on the class for an unlisted code", () => {
    const e = explain(reply(599, null, "Something odd"), on("RCPT"));
    expect(e.class).toBe("permanent");
    expect(e.codeMeaning).toMatch(/^An unlisted 5xx code/);
    expect(e.summary).toBe("The server answered RCPT TO with 599: an unlisted code.");
    expect(e.action).toMatch(/will fail again/);
    expect(e.reference).toBe("RFC 5321 4.2.1");
  });

  it("uses the registry title when the enhanced code is registered", () => {
    const e = explain(reply(550, "5.1.6", "Gone"), on("RCPT"));
    expect(e.summary).toBe("The server answered RCPT TO with 550 5.1.6: destination mailbox has moved, no forwarding address.");
    expect(e.party).toBe("recipient-admin");
  });

  it("says when a code is not SMTP at all", () => {
    const e = explain(reply(700, null, "HTTP/1.1 400 Bad Request"), on("CONNECT"));
    expect(e.class).toBe("unknown");
    expect(e.action).toMatch(/SMTP server/);
    expect(e.reference).toBeNull();
  });
});

describe("the rule table", () => {
  it("has unique rule ids", () => {
    const ids = REPLY_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("always returns an explanation that fits the contract", () => {
    const context = fc.record({
      command: fc.constantFrom<Verb | null>(null, ...VERBS),
      typed: fc.boolean(),
      recipientDomain: fc.option(fc.domain()),
      recipientIsLocal: fc.option(fc.boolean()),
      authenticated: fc.boolean(),
      tls: fc.boolean(),
      port: fc.constantFrom(25, 465, 587),
      profile: fc.constantFrom("banner", "ehlo", "starttls", "auth", "relay", "send", "interactive" as const),
    });
    const enhanced = fc.option(fc.oneof(fc.string(), fc.tuple(fc.constantFrom(2, 4, 5), fc.nat(30), fc.nat(700)).map((p) => p.join("."))));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999 }), enhanced, fc.string(), context, (code, enh, text, ctx) => {
        const result = Explanation.safeParse(explain(reply(code, enh, text), ctx));
        expect(result.success).toBe(true);
        expect(result.data?.summary.length).toBeGreaterThan(10);
      }),
      { numRuns: 500 },
    );
  });
});

describe("shared explanations", () => {
  it("hands out one frozen explanation for replies that mean the same, and a separate one for a different reply", () => {
    const first = explain(reply(250, "2.1.5", "Ok"), on("RCPT"));
    const again = explain(reply(250, "2.1.5", "Ok"), on("RCPT"));
    expect(again).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.enhanced)).toBe(true);
    expect(() => {
      (first as { summary: string }).summary = "changed";
    }).toThrow(TypeError);
    expect(explain(reply(250, "2.1.5", "Ok"), on("RCPT")).summary).toBe(first.summary);
    const other = explain(reply(550, "5.1.1", "No such user"), on("RCPT"));
    expect(other).not.toBe(first);
    expect(other.class).toBe("permanent");
  });

  it("hands out the same object exactly when the content is the same", () => {
    // Every pair of a set of replies in which some explanations differ in one field only: a 334
    // challenge's decoded text ("Username:" and "username:" get the same hint, summary and action).
    const texts = ["Ok", "Try later", ...["Username:", "username:", "Password:", "password:", "xyz"].map((t) => Buffer.from(t).toString("base64"))];
    const replies = [250, 334, 452, 550].flatMap((code) =>
      [null, "2.0.0", "5.1.1"].flatMap((enhanced) => texts.flatMap((text) => ([null, "AUTH", "RCPT"] as const).map((command) => ({ code, enhanced, text, command })))),
    );
    const explained = replies.map((r) => explain(reply(r.code, r.enhanced, r.text), on(r.command)));
    const json = replies.map((r) => JSON.stringify(explainFresh(reply(r.code, r.enhanced, r.text), on(r.command))));
    let sameContent = 0;
    for (let i = 0; i < explained.length; i++) {
      expect(JSON.stringify(explained[i]), JSON.stringify(replies[i])).toBe(json[i]);
      for (let j = i + 1; j < explained.length; j++) {
        if (json[i] === json[j]) sameContent++;
        expect(explained[i] === explained[j], `${JSON.stringify(replies[i])} and ${JSON.stringify(replies[j])}`).toBe(json[i] === json[j]);
      }
    }
    expect(sameContent).toBeGreaterThan(0);
  });

  it("stays right, and frozen, when a server varies one field without end", () => {
    const challenge = (i: number) => reply(334, null, Buffer.from(`Question ${i}?`).toString("base64"));
    const first = explain(challenge(0), on("AUTH"));
    for (let i = 1; i < 200; i++) {
      const e = explain(challenge(i), on("AUTH"));
      expect(e.decoded).toBe(`Question ${i}?`);
      expect(e.summary).toBe(first.summary);
      expect(Object.isFrozen(e)).toBe(true);
    }
    expect(explain(challenge(0), on("AUTH"))).toBe(first);
  });

  it("gives the same reply answering another command its own explanation, and leaves the first unchanged", () => {
    const toRcpt = explain(reply(452, null, "Try later"), on("RCPT"));
    const summary = toRcpt.summary;
    const toMail = explain(reply(452, null, "Try later"), on("MAIL"));
    expect(toMail).not.toBe(toRcpt);
    expect(toMail.summary).not.toBe(toRcpt.summary);
    expect(toRcpt.summary).toBe(summary);
  });
});

describe("codes that mean one thing for AUTH and another for a message", () => {
  it("reads 5.7.9 as a weak AUTH mechanism only in answer to AUTH", () => {
    expect(explain(reply(534, "5.7.9", "Authentication mechanism is too weak"), on("AUTH")).summary).toMatch(/too weak/i);
    expect(explain(reply(554, "5.7.9", "Message not accepted for policy reasons."), on("DATA-END")).summary).not.toMatch(/AUTH|too weak/i);
  });

  it("reads Gmail's 5.7.26 as the failed checks it names, not SPF alone", () => {
    const e = explain(reply(550, "5.7.26", "This mail is unauthenticated. The sender must authenticate with at least one of SPF or DKIM."), on("DATA-END"));
    expect(e.summary).not.toMatch(/^SPF failed/);
  });

  it("reads 535 5.7.13 as a disabled account, not a wrong password", () => {
    expect(explain(reply(535, "5.7.13", "User account disabled"), on("AUTH")).summary).toMatch(/disabled/i);
  });
});

describe("AUTH refused as not enabled", () => {
  it("says AUTH is not offered here, not that it came out of order", () => {
    const e = explain(reply(503, "5.5.1", "Error: authentication not enabled"), on("AUTH"));
    expect(e.hint).toMatch(/^AUTH is not offered on this connection/);
    expect(e.hint).not.toMatch(/must come after EHLO/);
  });
});

describe("real servers' wording, as a mail admin meets it", () => {
  const rcpt = on("RCPT", { recipientDomain: "example.org", recipientIsLocal: true, authenticated: false });

  it("reads Postfix's refusals of the EHLO name and of unqualified addresses at RCPT TO as what they are", () => {
    const notFqdn = explain(reply(504, "5.5.2", "<localhost>: Helo command rejected: need fully-qualified hostname"), rcpt);
    expect(notFqdn.summary).toMatch(/name this client announced in EHLO: it is not a fully qualified host name/);
    expect(notFqdn.action).toMatch(/^Announce a fully qualified host name/);
    expect(notFqdn.party).toBe("tester");
    expect(explain(reply(501, "5.5.2", "<test_host>: Helo command rejected: Invalid name"), rcpt).summary).toMatch(/not a valid host name/);
    for (const text of ["<mx>: Helo command rejected: Generic / dynamic helo/ehlo is not allowed here", "<mail.example.org>: Helo command rejected: You are not me"]) {
      const e = explain(reply(554, "5.7.1", text), rcpt);
      expect(e.summary, text).toMatch(/name this client announced in EHLO/);
      expect(e.party, text).toBe("tester");
    }
    const sender = explain(reply(504, "5.5.2", "<me@localhost>: Sender address rejected: need fully-qualified address"), on("RCPT"));
    expect(sender.summary).toMatch(/^The server refused the sender address: its domain is not fully qualified/);
    const recipient = explain(reply(504, "5.5.2", "<you@localhost>: Recipient address rejected: need fully-qualified address"), on("RCPT"));
    expect(recipient.summary).toMatch(/^The server refused the recipient address/);
    expect(recipient.action).toBe("Give a full address, such as RCPT TO:<name@example.com>.");
    // A parameter the server does not take is still that.
    expect(explain(reply(555, "5.5.4", "Unsupported option: FOO=bar"), on("MAIL")).summary).toMatch(/parameter/);
  });

  it("reads Postfix's Client host rejected as a refusal of this client, not of the recipient", () => {
    const e = explain(reply(554, "5.7.1", "<unknown[192.0.2.7]>: Client host rejected: Access denied"), rcpt);
    expect(e.summary).toMatch(/^The server refuses this client/);
    expect(e.party).toBe("tester");
    // A recipient restriction is still the recipient's.
    expect(explain(reply(550, "5.7.1", "<ceo@example.org>: Recipient address rejected: Access denied"), rcpt).party).toBe("recipient-admin");
  });

  it("reads Gmail's 5.7.26 naming SPF and DKIM as the failed checks, not as DKIM alone", () => {
    const text = "This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM. Authentication results: DKIM = did not pass SPF [example.com] with ip: [192.0.2.7] = did not pass";
    const e = explain(reply(550, "5.7.26", text), on("DATA-END"));
    expect(e.summary).toBe("The message failed the sender domain's authentication checks (SPF, DKIM, DMARC).");
    expect(e.action).toMatch(/SPF or DKIM/);
    // DKIM named alone is still DKIM's.
    expect(explain(reply(550, "5.7.1", "DKIM signature verification failed"), on("DATA-END")).summary).toMatch(/^DKIM failed/);
  });

  it("reads Gmail's NotAuthorizedError and a PBL listing as an end user's address, not a recipient's restriction", () => {
    const gmail = "[192.0.2.7] The IP you're using to send mail is not authorized to send email directly to our servers. Please use the SMTP relay at your service provider instead. NotAuthorizedError";
    const e = explain(reply(550, "5.7.1", gmail), rcpt);
    expect(e.summary).toMatch(/an end user's connection/);
    expect(e.party).toBe("tester");
    expect(explain(reply(550, "5.7.1", "Client host blocked; see https://www.spamhaus.org/query/ip/192.0.2.7 (PBL)"), on("RCPT")).summary).toMatch(/end user's connection/);
  });

  it("reads Gmail's 4.2.1 as a recipient receiving too fast, and 5.2.1 as a disabled mailbox", () => {
    const fast = explain(reply(450, "4.2.1", "The user you are trying to contact is receiving mail too quickly. Please resend your message at a later time."), rcpt);
    expect(fast.summary).toMatch(/receiving mail faster than its provider allows/);
    expect(fast.action).toMatch(/^Retry later/);
    expect(explain(reply(450, "4.2.1", "The user you are trying to contact is receiving mail at a rate that prevents additional messages from being delivered."), rcpt).summary).toMatch(/faster/);
    expect(explain(reply(450, "4.2.1", "Mailbox temporarily disabled"), rcpt).summary).toBe("The recipient's mailbox exists but takes no mail for now.");
    expect(explain(reply(550, "5.2.1", "The email account that you tried to reach is disabled."), rcpt).summary).toBe("The recipient's mailbox exists but is disabled and takes no mail.");
  });

  it("reads Google's 534 5.7.14 as a sign-in blocked until a browser sign-in, not as a weak mechanism", () => {
    const e = explain(reply(534, "5.7.14", "<https://accounts.google.com/signin/continue?sarp=1> Please log in via your web browser and then try again. Learn more at https://support.google.com/mail/answer/78754"), on("AUTH-DATA"));
    expect(e.summary).toMatch(/^Google refused the sign-in until someone signs in to the account in a web browser/);
    expect(e.summary).not.toMatch(/weak/);
    expect(e.action).toMatch(/app password/);
    // A 534 with nothing of Google's is still a weak mechanism.
    expect(explain(reply(534, "5.7.9", "Authentication mechanism is too weak"), on("AUTH")).summary).toMatch(/too weak/);
  });

  it("knows Microsoft 365's throttling (4.7.500–699), its IP block 5.7.708 and its tenant blocks (5.7.700–750)", () => {
    const busy = explain(reply(451, "4.7.500", "Server busy. Please try again later from [192.0.2.7]. (S77719) [Name=Protocol Filter Agent]"), on("RCPT"));
    expect(busy.summary).toMatch(/^Microsoft 365 is holding back mail from the address this test connects from/);
    expect(busy.party).toBe("tester");
    const ip = explain(reply(550, "5.7.708", "Service unavailable. Access denied, traffic not accepted from this IP."), on("DATA-END"));
    expect(ip.summary).toMatch(/blocks the address this test connects from/);
    expect(ip.hint).toMatch(/5\.7\.708/);
    const tenant = explain(reply(550, "5.7.750", "Service unavailable. Client blocked from sending from unregistered domains."), on("DATA-END"));
    expect(tenant.summary).toMatch(/^Microsoft 365 refuses to send for this organisation/);
    expect(tenant.party).toBe("sender");
    // The registry's own 4.7.0 and Microsoft's 5.7.606 keep their rules.
    expect(explain(reply(550, "5.7.606", "Access denied, banned sending IP [192.0.2.7]."), on("RCPT")).summary).toMatch(/blocks the address/);
    expect(explain(reply(451, "4.7.1", "Please try again later"), on("RCPT")).summary).toMatch(/greylisting/i);
  });

  it("reads postscreen's 450 4.3.2 as a reconnect-later, and does not call every 450 at RCPT a busy mailbox", () => {
    const e = explain(reply(450, "4.3.2", "Service currently unavailable"), on("RCPT"));
    expect(e.summary).toMatch(/not accepting mail right now/);
    expect(e.hint).toMatch(/postscreen/);
    const hop = explain(reply(450, "4.4.2", "Timeout while connecting to next hop"), on("RCPT"));
    expect(hop.summary).not.toMatch(/mailbox/);
    expect(explain(reply(450, null, "Mailbox busy"), on("RCPT")).summary).toBe("The recipient's mailbox is not available right now.");
  });

  it("reads STARTTLS refused for commands sent behind it as the client's doing, not a certificate problem", () => {
    const e = explain(reply(454, "4.5.0", "SMTP protocol violation, no commands allowed to pipeline after STARTTLS, see RFC 3207"), on("STARTTLS", { typed: true }));
    expect(e.summary).toMatch(/more commands came right behind it/);
    expect(e.party).toBe("tester");
    expect(explain(reply(454, "4.7.0", "TLS not available due to local problem"), on("STARTTLS")).hint).toMatch(/certificate/);
  });

  it("reads Exim's synchronization error as input sent ahead, wherever it comes", () => {
    for (const command of ["EHLO", "MAIL"] as const) {
      const e = explain(reply(554, null, "SMTP synchronization error"), on(command, { typed: true }));
      expect(e.summary, command).toMatch(/synchronization error/);
      expect(e.action, command).toBe("Send one command at a time and wait for each reply.");
    }
  });

  it("reads Gmail's 421s: a rate limit on this address's reputation, and TLS required", () => {
    const rate = explain(reply(421, "4.7.28", "Gmail has detected an unusual rate of unsolicited mail originating from your IP address. To protect our users from spam, mail sent from your IP address has been temporarily rate limited."), on("DATA-END"));
    expect(rate.summary).toMatch(/^The server is holding back the address this test connects from/);
    const tls = explain(reply(421, "4.7.0", "TLS required for RCPT domain, closing connection."), on("RCPT"));
    expect(tls.summary).toBe("The server requires TLS and closes the connection: this session did not start TLS.");
    expect(tls.action).toMatch(/STARTTLS/);
    expect(explain(reply(421, "4.7.0", "Too many errors, closing transmission channel"), on("RCPT")).summary).toMatch(/closing the connection \(421\)/);
  });

  it("names the greeting's own code, and cites RFC 3463 for a full mailbox", () => {
    expect(explain(reply(550, null, "Access denied"), on("CONNECT")).hint).toMatch(/^A 550 greeting refuses service/);
    const full = explain(reply(552, "5.2.2", "Mailbox full"), rcpt);
    expect(full.hint).toMatch(/RFC 3463/);
    expect(full.reference).toBe("RFC 3463 3.3");
  });
});
