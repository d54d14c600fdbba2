import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  AuthRequest,
  ConsoleLine,
  MessageBody,
  PROFILES,
  SessionRequest,
  type SessionRequestInput,
  toPublicRequest,
} from "./request";

/** Each issue as "path: message", the way a form shows it beside a field. */
function issues(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

const request = (extra: Partial<SessionRequestInput> = {}): unknown => ({ target: "example.com", ...extra });
/** What the send profile needs besides the field under test. */
const sending: Partial<SessionRequestInput> = { profile: "send", from: "a@example.com", to: ["b@example.com"] };

describe("SessionRequest defaults", () => {
  it("fills in port 25, the ehlo profile, TLS auto and no DSN or chunking", () => {
    expect(SessionRequest.parse(request())).toEqual({
      target: "example.com",
      port: 25,
      profile: "ehlo",
      tls: "auto",
      dsn: false,
      chunking: false,
      share: { hideAddresses: false, hideBody: false },
    });
  });

  it("reads a port typed as text", () => {
    expect(SessionRequest.parse(request({ port: "587" as unknown as number })).port).toBe(587);
  });

  it.each(PROFILES.filter((p) => p !== "auth" && p !== "send"))("accepts the %s profile on its own", (profile) => {
    expect(SessionRequest.parse(request({ profile })).profile).toBe(profile);
  });
});

describe("SessionRequest messages name what to fix", () => {
  it.each([
    ["no target", {}, ["target: enter a target: a mail domain (example.com), a host (mail.example.com) or an IP address"]],
    ["an unknown profile", request({ profile: "spam" as never }), ["profile: choose a profile: banner, ehlo, starttls, auth, relay, send, interactive"]],
    ["an unknown TLS mode", request({ tls: "ssl" as never }), ["tls: choose a TLS mode: auto, starttls, implicit, none"]],
    ["a port out of range", request({ port: 0 }), ["port: the port must be between 1 and 65535"]],
    ["a target with its port", request({ target: "mail.example.com:587" }), ["target: put the port in the port field, not in the target: target mail.example.com, port 587"]],
    ["an IPv6 target with its port", request({ target: "[2001:db8::25]:25" }), ["target: put the port in the port field, not in the target: target mail.example.com, port 587"]],
    ["a URL as the target", request({ target: "smtp://mail.example.com" }), ["target: enter the host alone, not a URL: mail.example.com rather than smtp://mail.example.com"]],
    ["an email address as the target", request({ target: "bob@example.com" }), ["target: that is an email address: to test where its mail goes, enter the domain after the @"]],
    ["a bad MX host", request({ mx: "mx example" }), ["mx: not a valid host name: use letters, digits, hyphens and dots, like mail.example.com"]],
    ["a bad sender", request({ profile: "relay", from: "alice" }), ["from: not a valid email address: write it as name@example.com, without spaces or angle brackets"]],
    ["a bad second recipient", request({ profile: "relay", to: ["a@example.com", "b@"] }), ["to.1: not a valid email address: write it as name@example.com, without spaces or angle brackets"]],
    ["recipients as one string", request({ to: "a@example.com" as never }), ["to: list the recipients (RCPT TO) as email addresses"]],
    ["51 recipients", request({ to: Array.from({ length: 51 }, (_, i) => `r${i}@example.com`) }), ["to: at most 50 recipients"]],
    ["a subject with a line break", request({ ...sending, subject: "Hi\r\nBcc: x@example.com" }), ["subject: the subject must be a single line: remove carriage returns, line feeds and NUL characters"]],
    ["a long subject", request({ ...sending, subject: "x".repeat(201) }), ["subject: the subject is at most 200 characters"]],
    ["a CA that is not PEM", request({ trustCa: "MIIB..." }), ["trustCa: the trusted CA must be a PEM certificate"]],
  ])("refuses %s", (_what, value, expected) => {
    expect(issues(SessionRequest, value)).toEqual(expected);
  });
});

describe("SessionRequest rules across fields", () => {
  it("needs credentials for the auth profile", () => {
    expect(issues(SessionRequest, request({ profile: "auth" }))).toEqual([
      "auth: the auth profile needs a user name and a password or token",
    ]);
  });

  it("runs the auth profile with a user name and password", () => {
    const parsed = SessionRequest.parse(request({ profile: "auth", port: 587, auth: { username: "alice", password: "s3cret" } }));
    expect(parsed.auth).toEqual({ username: "alice", password: "s3cret", mechanism: "auto" });
  });

  it("needs a sender and a recipient for the send profile, and says which is missing", () => {
    expect(issues(SessionRequest, request({ profile: "send" }))).toEqual([
      "to: the send profile needs a recipient (RCPT TO)",
      "from: the send profile needs a sender address (MAIL FROM)",
    ]);
    expect(issues(SessionRequest, request({ profile: "send", from: "a@example.com", to: [] }))).toEqual([
      "to: the send profile needs a recipient (RCPT TO)",
    ]);
  });

  it("runs the send profile with a sender, recipients and a body", () => {
    const parsed = SessionRequest.parse(
      request({ profile: "send", from: "<a@example.com>", to: ["b@example.com", "用户@例子.广告"], body: "Hello.\n.signature" }),
    );
    expect(parsed).toMatchObject({ from: "a@example.com", to: ["b@example.com", "用户@例子.广告"] });
  });

  it("refuses the starttls profile with TLS mode none or implicit", () => {
    expect(issues(SessionRequest, request({ profile: "starttls", tls: "none" }))).toEqual([
      "tls: the starttls profile cannot run with TLS mode none",
    ]);
    expect(issues(SessionRequest, request({ profile: "starttls", tls: "implicit" }))).toEqual([
      "tls: the starttls profile upgrades a plaintext connection: use TLS mode auto or starttls",
    ]);
  });
});

describe("AuthRequest", () => {
  it("needs a password or a token", () => {
    expect(issues(AuthRequest, { username: "alice" })).toEqual([
      "password: AUTH needs a password (or a bearer token for XOAUTH2)",
    ]);
  });

  it("needs a token for XOAUTH2", () => {
    expect(issues(AuthRequest, { username: "alice", password: "p", mechanism: "XOAUTH2" })).toEqual([
      "token: XOAUTH2 needs a bearer token, not a password",
    ]);
    expect(AuthRequest.parse({ username: "alice", token: "ya29.x", mechanism: "XOAUTH2" }).token).toBe("ya29.x");
  });

  it.each(["PLAIN", "LOGIN", "CRAM-MD5"] as const)("needs a password for %s, not only a token", (mechanism) => {
    expect(issues(AuthRequest, { username: "alice", token: "ya29.x", mechanism })).toEqual([
      "password: PLAIN, LOGIN and CRAM-MD5 need a password; a bearer token works only with XOAUTH2",
    ]);
  });

  it("lets auto pick XOAUTH2 when only a token is given", () => {
    expect(AuthRequest.parse({ username: "alice", token: "ya29.x" })).toEqual({ username: "alice", token: "ya29.x", mechanism: "auto" });
  });

  it("names the user name field when it is missing, empty or has a line break", () => {
    expect(issues(AuthRequest, { password: "p" })).toEqual(["username: enter the AUTH user name"]);
    expect(issues(AuthRequest, { username: "", password: "p" })).toEqual(["username: enter the AUTH user name"]);
    expect(issues(AuthRequest, { username: "alice\r\nQUIT", password: "p" })).toEqual([
      "username: the AUTH user name must be a single line: remove carriage returns, line feeds and NUL characters",
    ]);
  });

  it("lists the mechanisms when given an unknown one", () => {
    expect(issues(AuthRequest, { username: "alice", password: "p", mechanism: "NTLM" })).toEqual([
      "mechanism: choose an AUTH mechanism: auto, PLAIN, LOGIN, CRAM-MD5, XOAUTH2",
    ]);
  });
});

describe("MessageBody", () => {
  const SMUGGLING =
    ": the message body contains a line made of a single dot with a bare CR or LF (an SMTP smuggling pattern): remove it";

  it.each([
    ["<LF>.<LF>", "Hi\n.\nMAIL FROM:<x@example.com>"],
    ["<LF>.<CR><LF>", "Hi\n.\r\nMAIL FROM:<x@example.com>"],
    ["<CR>.<CR>", "Hi\r.\rMAIL FROM:<x@example.com>"],
    ["<CR>.<LF>", "Hi\r.\nMAIL FROM:<x@example.com>"],
    ["<CR><LF>.<LF>", "Hi\r\n.\nMAIL FROM:<x@example.com>"],
    ["<CR><LF>.<CR>", "Hi\r\n.\rMAIL FROM:<x@example.com>"],
    ["<LF>.<CR>", "Hi\n.\rMAIL FROM:<x@example.com>"],
  ])("refuses the smuggling end-of-data form %s", (_form, body) => {
    expect(issues(MessageBody, body)).toEqual([SMUGGLING]);
  });

  it("refuses a lone-dot line even with proper CRLF on both sides", () => {
    expect(issues(MessageBody, "Hi\r\n.\r\nBye")).toEqual([SMUGGLING]);
  });

  it.each([
    ["lines that start with a dot", "Hi\n.signature\n..\r\n...more"],
    ["a dot inside a line", "see example.com.\nthanks"],
    ["a dot at the very end", "Bye.\n."],
    ["text in any script", "Grüße, 你好\r\n"],
  ])("accepts %s", (_what, body) => {
    expect(MessageBody.parse(body)).toBe(body);
  });

  it("refuses NUL and anything over 64 KiB", () => {
    expect(issues(MessageBody, "a\0b")).toEqual([": the message body must not contain NUL characters"]);
    expect(issues(MessageBody, "x".repeat(64 * 1024 + 1))).toEqual([": the message body is at most 64 KiB"]);
    expect(MessageBody.safeParse("x".repeat(64 * 1024)).success).toBe(true);
  });
});

describe("ConsoleLine", () => {
  it("takes one line up to 998 characters", () => {
    expect(ConsoleLine.parse({ line: "NOOP" })).toEqual({ line: "NOOP" });
    expect(issues(ConsoleLine, { line: "NOOP\r\nQUIT" })).toEqual([
      "line: a console line must be a single line: remove carriage returns, line feeds and NUL characters",
    ]);
    expect(issues(ConsoleLine, { line: "x".repeat(999) })).toEqual([
      "line: a line is at most 998 characters (RFC 5321 4.5.3.1.6)",
    ]);
  });
});

describe("fields the profile does not use", () => {
  it.each([
    ["AUTH without a profile that logs in", request({ auth: { username: "alice", password: "hunter2" } }), "auth: the ehlo profile does not log in: auth is used by the auth, relay and send profiles only; choose one of them, or leave auth out"],
    ["recipients for the ehlo profile", request({ to: ["b@example.com"] }), "to: the ehlo profile does not send RCPT TO: to is used by the relay and send profiles only; choose one of them, or leave to out"],
    ["a sender for the starttls profile", request({ profile: "starttls", from: "a@example.com" }), "from: the starttls profile does not send MAIL FROM: from is used by the relay and send profiles only; choose one of them, or leave from out"],
    ["a subject for the relay profile", request({ profile: "relay", subject: "hi" }), "subject: the relay profile does not send a message: subject is used by the send profile only; choose one of them, or leave subject out"],
    ["DSN for the auth profile", request({ profile: "auth", auth: { username: "alice", password: "hunter2" }, dsn: true }), "dsn: the auth profile does not send a message: dsn is used by the send profile only; choose one of them, or leave dsn out"],
    ["an MX host with an address as the target", request({ target: "192.0.2.25", mx: "mx.example.com" }), "mx: an MX host is chosen among a domain's MX hosts, and the target is an address: give the domain as the target, or test the host itself as the target"],
    ["TLS mode starttls for the banner profile", request({ profile: "banner", tls: "starttls" }), "tls: the banner profile reads the greeting only, so it cannot start TLS: use the starttls profile"],
  ])("refuses %s instead of dropping it without a word", (_what, value, expected) => {
    expect(issues(SessionRequest, value)).toEqual([expected]);
  });

  it("takes each field with a profile that uses it, and DSN or chunking left off with any", () => {
    expect(SessionRequest.safeParse(request({ ...sending, subject: "hi", dsn: true, chunking: true, auth: { username: "a", password: "p" } })).success).toBe(true);
    expect(SessionRequest.safeParse(request({ profile: "relay", from: "a@example.com", to: ["b@example.net"] })).success).toBe(true);
    expect(SessionRequest.safeParse(request({ profile: "ehlo", dsn: false, chunking: false, tls: "starttls" })).success).toBe(true);
    expect(SessionRequest.safeParse(request({ target: "example.com", mx: "mx.example.com" })).success).toBe(true);
  });
});

describe("toPublicRequest", () => {
  it("keeps the user name and mechanism and drops the secrets", () => {
    const parsed = SessionRequest.parse(
      request({ profile: "auth", auth: { username: "alice", password: "hunter2", mechanism: "PLAIN" }, trustCa: "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----" }),
    );
    expect(toPublicRequest(parsed)).toEqual({
      target: "example.com",
      port: 25,
      profile: "auth",
      tls: "auto",
      auth: { username: "alice", mechanism: "PLAIN" },
      dsn: false,
      chunking: false,
      share: { hideAddresses: false, hideBody: false },
    });
  });

  /** A secret marked so that no other field of the request can contain it by chance. */
  const secret = fc.string({ unit: "binary", minLength: 1, maxLength: 64 }).map((s) => `⟦${s}⟧`);
  /** How a string appears inside JSON text. */
  const asJson = (s: string) => JSON.stringify(s).slice(1, -1);

  it("never contains the password or token, whatever they are", () => {
    fc.assert(
      fc.property(secret, secret, fc.constantFrom("auto", "PLAIN", "LOGIN", "CRAM-MD5", "XOAUTH2"), (password, token, mechanism) => {
        const parsed = SessionRequest.parse(request({ profile: "auth", auth: { username: "alice", password, token, mechanism } }));
        const json = JSON.stringify(toPublicRequest(parsed));
        expect(json).not.toContain(asJson(password));
        expect(json).not.toContain(asJson(token));
      }),
    );
  });

  it("does not change with the secrets at all", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 64 }), fc.string({ unit: "binary", maxLength: 64 }), (password, token) => {
        const withSecrets = SessionRequest.parse(request({ profile: "auth", auth: { username: "alice", password, token } }));
        const withOthers = SessionRequest.parse(request({ profile: "auth", auth: { username: "alice", password: "x", token: "y" } }));
        expect(JSON.stringify(toPublicRequest(withSecrets))).toBe(JSON.stringify(toPublicRequest(withOthers)));
      }),
    );
  });
});

describe("all problems at once", () => {
  it("reports a bad target together with the send profile's missing addresses, so a form shows every error in one go", () => {
    const r = SessionRequest.safeParse({ target: "", profile: "send" });
    expect(r.error?.issues.map((i) => i.path.join("."))).toEqual(["target", "to", "from"]);
  });
});
