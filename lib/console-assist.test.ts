import { describe, expect, it } from "vitest";
import {
  checkLine,
  heloNameOf,
  KNOWN_VERBS_TEXT,
  mailFrom,
  messageLines,
  parseConnection,
  parseEnvelope,
  replyAfter,
  rfc5322Date,
  starttlsPlan,
  suggestNext,
  testMessage,
  valuesFromQuery,
  walkCommand,
  walkState,
  walkSteps,
} from "./console-assist";
import { PASTE_ONE_COMMAND, planPaste } from "./console-assist";
import type { SessionEvent, Verb } from "./schemas/events";

/** A session's events, numbered as the recorder would. */
function session(...parts: Array<Omit<SessionEvent, "seq" | "t" | "dt">>): SessionEvent[] {
  return parts.map((p, i) => ({ ...p, seq: i, t: i, dt: 1 }) as SessionEvent);
}

const explanation = { summary: "", class: "success", codeMeaning: "", enhanced: null, hint: null, action: null, party: null, decoded: null, reference: null } as const;
const connect = (implicitTls = false, localAddress = "192.0.2.7") =>
  ({ type: "connect", host: "mx.example.com", address: "198.51.100.25", port: 25, family: 4, localAddress, localPort: 40000, implicitTls, ms: 1 }) as const;
const reply = (command: Verb, code: number, unsolicited = false) =>
  ({ type: "reply", code, enhancedCode: null, lines: [`${code} ok`], text: ["ok"], raw: `${code} ok\r\n`, flags: [], command, unsolicited, tls: false, explanation }) as const;
const send = (command: Verb, line: string) => ({ type: "send", command, line, secret: false, tls: false }) as const;
const caps = (keywords: string[], tls = false) =>
  ({ type: "capabilities", via: "EHLO", tls, capabilities: keywords.map((keyword) => ({ keyword, params: [], known: true, title: keyword, detail: "", reference: null })) }) as const;
const tlsUp = () =>
  ({ type: "tls", protocol: "TLSv1.3", cipher: "TLS_AES_256_GCM_SHA384", subject: null, subjectAltNames: [], issuer: null, validFrom: null, validTo: null, daysLeft: null, selfSigned: false, chainVerified: true, verifyError: null, hostnameChecked: null, hostnameMatch: null, fingerprint256: null, customCa: false, ms: 5 }) as const;
const mx = (name: string) => ({ type: "dns", query: "MX", purpose: "mx", name, records: [{ value: "mx.example.com", priority: 10 }], error: null, ms: 1 }) as const;
const localPtr = (value: string) => ({ type: "dns", query: "PTR", purpose: "local-ptr", name: "7.2.0.192.in-addr.arpa", records: [{ value }], error: null, ms: 1 }) as const;
const close = () => ({ type: "close", reason: "quit", detail: "session ended" }) as const;

const greeted = [connect(), reply("CONNECT", 220)] as const;
const helloed = [...greeted, send("EHLO", "EHLO [192.0.2.7]"), reply("EHLO", 250), caps(["PIPELINING", "SIZE"])] as const;

describe("checkLine: what blocks a line", () => {
  it("refuses carriage returns and line feeds in any mode", () => {
    for (const mode of ["command", "data", "auth"] as const) {
      expect(checkLine("EHLO a\r\nRSET", mode).error).toMatch(/line break/);
      expect(checkLine("text\n", mode).error).toMatch(/line break/);
    }
  });

  it("refuses an empty command but allows an empty message line", () => {
    expect(checkLine("", "command").error).toMatch(/Type a command/);
    expect(checkLine("   ", "command").error).toMatch(/Type a command/);
    expect(checkLine("", "data")).toEqual({});
  });

  it("refuses BDAT, which cannot be typed by hand", () => {
    expect(checkLine("BDAT 100 LAST").error).toMatch(/use DATA/);
  });

  it("refuses lines longer than 998 characters, which the server refuses too", () => {
    expect(checkLine("x".repeat(999), "data").error).toMatch(/998/);
    expect(checkLine("x".repeat(998), "data")).toEqual({});
  });
});

describe("checkLine: what only warns", () => {
  it("warns on MAIL FROM and RCPT TO without a colon", () => {
    expect(checkLine("MAIL FROM <a@example.com>")).toEqual({ warning: "MAIL FROM needs a colon: MAIL FROM:<a@example.com>." });
    expect(checkLine("RCPT TO b@example.com").warning).toBe("RCPT TO needs a colon: RCPT TO:<b@example.com>.");
    expect(checkLine("MAIL FROM").warning).toMatch(/^MAIL FROM needs a colon: MAIL FROM:<you@example.com>/);
  });

  it("warns on missing angle brackets, showing the address bracketed", () => {
    expect(checkLine("MAIL FROM: admin@example.com").warning).toBe("Put the address in angle brackets: MAIL FROM:<admin@example.com>.");
    expect(checkLine("rcpt to:user@example.net").warning).toBe("Put the address in angle brackets: RCPT TO:<user@example.net>.");
  });

  it("warns on a missing FROM or TO word and on an empty recipient", () => {
    expect(checkLine("MAIL <a@example.com>").warning).toMatch(/^MAIL needs FROM/);
    expect(checkLine("RCPT TO:<>").warning).toMatch(/needs an address between the brackets/);
  });

  it("accepts the null sender, parameters and lower case", () => {
    expect(checkLine("MAIL FROM:<>")).toEqual({});
    expect(checkLine("mail from:<a@example.com> SIZE=1000 BODY=8BITMIME")).toEqual({});
    expect(checkLine("RCPT TO:<postmaster>")).toEqual({});
  });

  it("warns on a space after the colon, which strict servers refuse", () => {
    expect(checkLine("MAIL FROM: <a@example.com>").warning).toMatch(/no space after the colon/);
  });

  it("warns on an unknown verb and lists the ones servers know", () => {
    expect(checkLine("HELLO example.com").warning).toBe(`Unknown command “HELLO”: servers know ${KNOWN_VERBS_TEXT}.`);
    expect(KNOWN_VERBS_TEXT).toBe("HELO/EHLO, MAIL FROM:, RCPT TO:, DATA, RSET, NOOP, QUIT, VRFY, STARTTLS, AUTH");
  });

  it("knows every standard verb", () => {
    for (const line of ["EHLO a.example", "HELO a.example", "DATA", "RSET", "NOOP", "QUIT", "VRFY postmaster", "EXPN staff", "HELP", "STARTTLS", "AUTH LOGIN"]) {
      expect(checkLine(line), line).toEqual({});
    }
  });

  it("warns on EHLO without a name and DATA with an argument", () => {
    expect(checkLine("EHLO").warning).toMatch(/EHLO needs a name/);
    expect(checkLine("DATA now").warning).toMatch(/DATA takes nothing/);
  });

  it("warns on command lines over 510 characters, only in command mode", () => {
    const long = `NOOP ${"x".repeat(506)}`;
    expect(long.length).toBe(511);
    expect(checkLine(long).warning).toMatch(/510/);
    expect(checkLine(`NOOP ${"x".repeat(505)}`)).toEqual({});
    expect(checkLine("x".repeat(600), "data")).toEqual({});
    expect(checkLine("x".repeat(600), "auth")).toEqual({});
  });

  it("does not read message lines or AUTH answers as commands", () => {
    expect(checkLine("Subject: hello", "data")).toEqual({});
    expect(checkLine("dXNlcm5hbWU=", "auth")).toEqual({});
  });

  it("warns on a leading space", () => {
    expect(checkLine(" QUIT").warning).toMatch(/space at the start/);
  });
});

describe("suggestNext: the KB 153119 walk", () => {
  it("suggests nothing before the greeting", () => {
    expect(suggestNext([])).toBeNull();
    expect(suggestNext(session(connect()))).toBeNull();
  });

  it("starts with EHLO and the address literal of the local address", () => {
    expect(suggestNext(session(...greeted))).toBe("EHLO [192.0.2.7]");
    expect(suggestNext(session(...greeted), { heloName: "client.example.org" })).toBe("EHLO client.example.org");
  });

  it("falls back to HELO when EHLO is refused", () => {
    expect(suggestNext(session(...greeted, send("EHLO", "EHLO x"), reply("EHLO", 502)))).toBe("HELO [192.0.2.7]");
  });

  it("suggests STARTTLS when offered outside TLS, then EHLO again inside", () => {
    const offered = session(...greeted, send("EHLO", "EHLO x"), reply("EHLO", 250), caps(["STARTTLS"]));
    expect(suggestNext(offered)).toBe("STARTTLS");
    expect(suggestNext(offered, { skipStarttls: true, from: "a@example.com" })).toBe("MAIL FROM:<a@example.com>");
    const upgraded = session(...greeted, send("EHLO", "EHLO x"), reply("EHLO", 250), caps(["STARTTLS"]), send("STARTTLS", "STARTTLS"), reply("STARTTLS", 220), tlsUp());
    expect(suggestNext(upgraded)).toBe("EHLO [192.0.2.7]");
    const again = session(...upgraded.map(({ seq: _s, t: _t, dt: _d, ...e }) => e), send("EHLO", "EHLO x"), reply("EHLO", 250), caps(["AUTH"], true));
    expect(suggestNext(again, { from: "a@example.com" })).toBe("MAIL FROM:<a@example.com>");
  });

  it("goes on without TLS when STARTTLS is refused", () => {
    const refused = session(...greeted, send("EHLO", "EHLO x"), reply("EHLO", 250), caps(["STARTTLS"]), send("STARTTLS", "STARTTLS"), reply("STARTTLS", 454));
    expect(suggestNext(refused)).toBe("MAIL FROM:<>");
  });

  it("walks MAIL FROM, RCPT TO, DATA, a body line, the dot and QUIT", () => {
    const ctx = { from: "a@example.com", to: "b@example.net" };
    const steps: Array<[Array<Omit<SessionEvent, "seq" | "t" | "dt">>, string | null]> = [
      [[], "MAIL FROM:<a@example.com>"],
      [[send("MAIL", "MAIL FROM:<a@example.com>"), reply("MAIL", 250)], "RCPT TO:<b@example.net>"],
      [[send("RCPT", "RCPT TO:<b@example.net>"), reply("RCPT", 250)], "DATA"],
      [[send("DATA", "DATA"), reply("DATA", 354)], "Subject: HeloDesk test message"],
      [[send("DATA-LINE", "Subject: hi")], "."],
      [[send("DATA-END", "."), reply("DATA-END", 250)], "QUIT"],
      [[send("QUIT", "QUIT")], null],
    ];
    const soFar: Array<Omit<SessionEvent, "seq" | "t" | "dt">> = [...helloed];
    for (const [added, expected] of steps) {
      soFar.push(...added);
      expect(suggestNext(session(...soFar), ctx)).toBe(expected);
    }
  });

  it("suggests the domain's postmaster when no recipient is known", () => {
    const events = session(mx("example.com"), ...helloed, send("MAIL", "MAIL FROM:<>"), reply("MAIL", 250));
    expect(suggestNext(events)).toBe("RCPT TO:<postmaster@example.com>");
  });

  it("retries after a 4xx and suggests QUIT after a 5xx", () => {
    const base = [...helloed, send("MAIL", "MAIL FROM:<>"), reply("MAIL", 250), send("RCPT", "RCPT TO:<x@y.example>")];
    expect(suggestNext(session(...base, reply("RCPT", 451)), { to: "x@y.example" })).toBe("RCPT TO:<x@y.example>");
    expect(suggestNext(session(...base, reply("RCPT", 550)))).toBe("QUIT");
  });

  it("starts a new transaction after RSET", () => {
    const events = session(...helloed, send("MAIL", "MAIL FROM:<>"), reply("MAIL", 250), send("RSET", "RSET"), reply("RSET", 250));
    expect(suggestNext(events)).toBe("MAIL FROM:<>");
  });

  it("suggests nothing once closed, after a 421 or a refused greeting", () => {
    expect(suggestNext(session(...helloed, close()))).toBeNull();
    expect(suggestNext(session(...helloed, reply("OTHER", 421, true)))).toBeNull();
    expect(suggestNext(session(connect(), reply("CONNECT", 554)))).toBeNull();
  });

  it("ignores unsolicited replies", () => {
    expect(walkState(session(...helloed, reply("MAIL", 550, true))).mail).toBe("todo");
  });
});

describe("heloNameOf", () => {
  it("suggests the EHLO name chosen for the deployment or the test first, as the profiles send it", () => {
    const named = { ...connect(), heloName: "tester.example.com" };
    expect(heloNameOf(session(localPtr("out.example.org."), named))).toBe("tester.example.com");
  });

  it("prefers the PTR name of the local address", () => {
    expect(heloNameOf(session(localPtr("out.example.org."), connect()))).toBe("out.example.org");
  });

  it("uses an address literal otherwise, IPv6 tagged and mapped IPv4 unwrapped", () => {
    expect(heloNameOf(session(connect(false, "2001:db8::7")))).toBe("[IPv6:2001:db8::7]");
    expect(heloNameOf(session(connect(false, "::ffff:192.0.2.9")))).toBe("[192.0.2.9]");
    expect(heloNameOf([])).toBe("[127.0.0.1]");
  });
});

describe("the walkthrough plan", () => {
  it("keeps STARTTLS pending until the first EHLO answer says", () => {
    expect(starttlsPlan(session(...greeted), "auto")).toBe("pending");
    expect(starttlsPlan(session(...helloed), "auto")).toBe("no");
    expect(starttlsPlan(session(...greeted, caps(["STARTTLS"])), "auto")).toBe("yes");
  });

  it("leaves STARTTLS out once EHLO is refused: no extension list is coming, STARTTLS was never offered", () => {
    const refused = [...greeted, send("EHLO", "EHLO [192.0.2.7]"), reply("EHLO", 502)] as const;
    expect(starttlsPlan(session(...refused), "auto")).toBe("no");
    expect(starttlsPlan(session(...refused), "starttls")).toBe("no");
    // HELO typed at the EHLO step, accepted: still no list.
    expect(starttlsPlan(session(...refused, send("HELO", "HELO [192.0.2.7]"), reply("HELO", 250)), "auto")).toBe("no");
  });

  it("leaves STARTTLS out with implicit TLS or TLS mode none", () => {
    expect(starttlsPlan(session(connect(true)), "auto")).toBe("no");
    expect(starttlsPlan([], "implicit")).toBe("no");
    expect(starttlsPlan(session(...greeted, caps(["STARTTLS"])), "none")).toBe("no");
  });

  it("lists the steps in order", () => {
    expect(walkSteps("yes")).toEqual(["connect", "ehlo", "starttls", "ehlo-tls", "mail-from", "rcpt-to", "data", "body", "quit", "summary"]);
    expect(walkSteps("no")).toEqual(["connect", "ehlo", "mail-from", "rcpt-to", "data", "body", "quit", "summary"]);
  });

  it("builds each step's command", () => {
    const ctx = { heloName: "c.example", from: "a@example.com", to: "b@example.net" };
    expect(walkCommand("ehlo-tls", ctx)).toBe("EHLO c.example");
    expect(walkCommand("mail-from", ctx)).toBe("MAIL FROM:<a@example.com>");
    expect(walkCommand("rcpt-to", ctx)).toBe("RCPT TO:<b@example.net>");
    expect(walkCommand("body", ctx)).toBe("");
  });

  it("finds the reply to what was sent after a point", () => {
    const events = session(...helloed, send("MAIL", "MAIL FROM:<>"), reply("OTHER", 421, true), reply("MAIL", 250));
    expect(replyAfter(events, 4)?.command).toBe("MAIL");
    expect(replyAfter(events, events.length)).toBeNull();
  });
});

describe("the test message", () => {
  it("formats an RFC 5322 date in UTC", () => {
    expect(rfc5322Date(new Date(Date.UTC(2024, 5, 4, 9, 5, 0)))).toBe("Tue, 04 Jun 2024 09:05:00 +0000");
  });

  it("has Subject, From, To and Date headers, then a blank line and text", () => {
    const text = testMessage({ from: "a@example.com", to: "b@example.net", date: new Date(Date.UTC(2024, 0, 1)) });
    const lines = text.split("\n");
    expect(lines.slice(0, 5)).toEqual(["From: <a@example.com>", "To: <b@example.net>", "Subject: HeloDesk test message", "Date: Mon, 01 Jan 2024 00:00:00 +0000", ""]);
    expect(messageLines(text)).toEqual({ lines });
  });

  it("splits any line ending and drops the final one", () => {
    expect(messageLines("a\r\nb\rc\n")).toEqual({ lines: ["a", "b", "c"] });
    expect(messageLines("Subject: x\n\n.hidden\n")).toEqual({ lines: ["Subject: x", "", ".hidden"] });
  });

  it("refuses a lone dot line, an empty message and overlong lines", () => {
    expect(messageLines("Subject: x\n.\nmore")).toHaveProperty("error", expect.stringMatching(/^Line 2 is a single dot/));
    expect(messageLines("")).toHaveProperty("error");
    expect(messageLines(`Subject: x\n${"y".repeat(999)}`)).toHaveProperty("error", expect.stringMatching(/^Line 2/));
  });
});

describe("form values", () => {
  it("reads a link, falling back to port 25 and TLS auto", () => {
    expect(valuesFromQuery({ target: "example.com", tls: "bogus", to: ["b@x.example", "c@x.example"] })).toEqual({
      target: "example.com", port: "25", tls: "auto", from: "", to: "b@x.example",
    });
  });

  it("validates the connection with one sentence per field", () => {
    expect(parseConnection({ target: " example.com ", port: "587", tls: "auto" })).toEqual({ ok: true, target: "example.com", port: 587 });
    const bad = parseConnection({ target: "", port: "70000", tls: "auto" });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.errors.target).toMatch(/^Enter a target/);
      expect(bad.errors.port).toMatch(/^The port must be between 1 and 65535\.$/);
    }
    const empty = parseConnection({ target: "example.com", port: " ", tls: "auto" });
    expect(empty.ok ? null : empty.errors.port).toBe("Enter a port, for example 25.");
  });

  it("validates the envelope with the Mailbox schema", () => {
    expect(parseEnvelope({ from: "<a@example.com>", to: "b@example.net" })).toEqual({ ok: true, from: "a@example.com", to: "b@example.net" });
    const bad = parseEnvelope({ from: "nobody", to: "" });
    expect(bad.ok ? null : Object.keys(bad.errors).sort()).toEqual(["from", "to"]);
  });

  it("takes the null sender and a bare postmaster, as the console suggests them", () => {
    expect(parseEnvelope({ from: "<>", to: "Postmaster" })).toEqual({ ok: true, from: "", to: "Postmaster" });
    expect(parseEnvelope({ from: " < > ", to: "<postmaster>" })).toEqual({ ok: true, from: "", to: "postmaster" });
    // Empty is not the null sender: it is a field left blank.
    expect(parseEnvelope({ from: "", to: "postmaster" }).ok).toBe(false);
    expect(mailFrom("")).toBe("MAIL FROM:<>");
    const fromLine = (heloName: string | null) => testMessage({ from: "", to: "postmaster", date: new Date(0), heloName }).split("\n")[0];
    expect(fromLine("tester.example.org")).toBe("From: <MAILER-DAEMON@tester.example.org>");
    // The same From the engine's send profile writes: an address literal is a domain too.
    expect(fromLine("[192.0.2.1]")).toBe("From: <MAILER-DAEMON@[192.0.2.1]>");
    expect(fromLine("[IPv6:2001:db8::1]")).toBe("From: <MAILER-DAEMON@[IPv6:2001:db8::1]>");
    expect(fromLine(null)).toBe("From: <MAILER-DAEMON@localhost>");
  });
});

describe("planPaste: several lines pasted at the prompt", () => {
  it("refuses them as a command, which an input would join with spaces", () => {
    expect(planPaste("command", "", "MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>", "")).toEqual({ error: PASTE_ONE_COMMAND });
    expect(planPaste("auth", "", "a\nb", "")).toEqual({ error: PASTE_ONE_COMMAND });
  });

  it("sends a body line by line and keeps the unfinished last line typed", () => {
    expect(planPaste("data", "", "Subject: Hi\r\n\r\nLine one\r\n", "")).toEqual({ send: ["Subject: Hi", "", "Line one"], keep: "" });
    expect(planPaste("data", "Dear ", "Bob,\nHow are", " you")).toEqual({ send: ["Dear Bob,"], keep: "How are you" });
  });

  it("may end with the final dot, but sends nothing when lines follow it", () => {
    expect(planPaste("data", "", "Body\n.\n", "")).toEqual({ send: ["Body", "."], keep: "" });
    expect(planPaste("data", "", "Body\n.\nQUIT", "")).toHaveProperty("error");
    expect(planPaste("data", "", "Body\n.\nQUIT\n", "")).toHaveProperty("error");
  });

  it("sends nothing when one line is too long to send", () => {
    expect(planPaste("data", "", `ok\n${"x".repeat(2000)}\n`, "")).toMatchObject({ error: expect.stringMatching(/^Line 2 of the paste: A line is at most/) });
  });
});
