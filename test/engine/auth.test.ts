import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { type ScriptedConnection, type ScriptedServer, startScriptedServer } from "../fixtures/scripted-server";
import { startSession } from "@/server/engine/session";
import { getTestCertificates } from "../fixtures/tls-certs";
import { check, eventsOf, loopbackRequest, run, sentLines, testDeps } from "../support/engine";

const USER = "helpdesk@helodesk.test";
const PASSWORD = "S3cr3t-Pa55w0rd!";
const TOKEN = "ya29.bearer-token-value";
const b64 = (s: string) => Buffer.from(s).toString("base64");

let server: ScriptedServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

/** An AUTH server that checks the credentials for real, for every mechanism HeloDesk speaks. */
function authServer(mechanisms: string) {
  const state = new WeakMap<ScriptedConnection, { step: string; challenge?: string }>();
  const verify = (user: string, pass: string) => (user === USER && pass === PASSWORD ? "235 2.7.0 Authentication successful" : "535 5.7.8 Error: authentication failed");
  return startScriptedServer({
    replies: {
      EHLO: `250-fixture.helodesk.test\r\n250 AUTH ${mechanisms}`,
      AUTH: (line, conn) => {
        const [, mech, initial] = line.split(" ");
        if (mech === "PLAIN" && initial) {
          const [, user, pass] = Buffer.from(initial, "base64").toString().split("\0");
          return verify(user ?? "", pass ?? "");
        }
        if (mech === "LOGIN") {
          state.set(conn, { step: "login-user" });
          return "334 VXNlcm5hbWU6";
        }
        if (mech === "CRAM-MD5") {
          const challenge = "<1896.697170952@fixture.helodesk.test>";
          state.set(conn, { step: "cram", challenge });
          return `334 ${b64(challenge)}`;
        }
        if (mech === "XOAUTH2" && initial) {
          const decoded = Buffer.from(initial, "base64").toString();
          if (decoded === `user=${USER}\x01auth=Bearer ${TOKEN}\x01\x01`) return "235 2.7.0 Accepted";
          state.set(conn, { step: "xoauth-error" });
          return `334 ${b64('{"status":"401","schemes":"bearer","scope":"https://mail.google.com/"}')}`;
        }
        return "504 5.5.4 Unrecognized authentication type";
      },
      UNKNOWN: (line, conn) => {
        const s = state.get(conn);
        if (!s) return "500 5.5.2 Error: command not recognized";
        const text = Buffer.from(line, "base64").toString();
        if (s.step === "login-user") {
          state.set(conn, { step: "login-pass", challenge: text });
          return "334 UGFzc3dvcmQ6";
        }
        state.delete(conn);
        if (s.step === "login-pass") return verify(s.challenge ?? "", text);
        if (s.step === "cram") {
          const [user, digest] = text.split(" ");
          const expected = createHmac("md5", PASSWORD).update(s.challenge!).digest("hex");
          return user === USER && digest === expected ? "235 2.7.0 Authentication successful" : "535 5.7.8 Error: authentication failed";
        }
        return "535 5.7.8 Username and Password not accepted";
      },
    },
  });
}

function expectNoSecrets(doc: object) {
  const text = JSON.stringify(doc);
  for (const secret of [PASSWORD, TOKEN, b64(PASSWORD), b64(`\0${USER}\0${PASSWORD}`), b64(`user=${USER}\x01auth=Bearer ${TOKEN}\x01\x01`)]) {
    expect(text).not.toContain(secret);
  }
}

describe("auth profile", () => {
  for (const mechanism of ["PLAIN", "LOGIN", "CRAM-MD5"] as const) {
    it(`authenticates with ${mechanism} and never records the secret`, async () => {
      server = await authServer("PLAIN LOGIN CRAM-MD5");
      const doc = await run(
        loopbackRequest(server.port, { profile: "auth", auth: { username: USER, password: PASSWORD, mechanism } }),
        testDeps({ ports: [server.port] }),
      );
      expect(check(doc, "auth")?.status).toBe("pass");
      // No TLS here: PLAIN and LOGIN put the password on the wire, CRAM-MD5 only a hash of it.
      expect(check(doc, "auth-in-clear")).toMatchObject(
        mechanism === "CRAM-MD5" ? { status: "info", detail: expect.stringMatching(/password itself was not sent/) } : { status: "warn", detail: expect.stringMatching(/user name and password crossed the network unencrypted/) },
      );
      expectNoSecrets(doc);
      const secretSends = eventsOf(doc, "send").filter((s) => s.command === "AUTH" || s.command === "AUTH-DATA");
      expect(secretSends.length).toBeGreaterThan(0);
      expect(secretSends.filter((s) => s.command === "AUTH-DATA").every((s) => s.line === "[redacted]" && s.secret)).toBe(true);
    });
  }

  it("explains a wrong password and still keeps it out of the transcript", async () => {
    server = await authServer("PLAIN LOGIN");
    const doc = await run(
      loopbackRequest(server.port, { profile: "auth", auth: { username: USER, password: "wrong-password-123", mechanism: "LOGIN" } }),
      testDeps({ ports: [server.port] }),
    );
    expect(check(doc, "auth")?.status).toBe("fail");
    expect(JSON.stringify(doc)).not.toContain("wrong-password-123");
    expect(JSON.stringify(doc)).not.toContain(b64("wrong-password-123"));
    const decoded = eventsOf(doc, "reply").filter((r) => r.code === 334).map((r) => r.explanation.decoded);
    expect(decoded).toEqual(["Username:", "Password:"]);
  });

  it("sends an XOAUTH2 bearer token and answers the error challenge with an empty line", async () => {
    server = await authServer("XOAUTH2");
    const ok = await run(
      loopbackRequest(server.port, { profile: "auth", auth: { username: USER, token: TOKEN, mechanism: "XOAUTH2" } }),
      testDeps({ ports: [server.port] }),
    );
    expect(check(ok, "auth")?.status).toBe("pass");
    expect(check(ok, "auth-in-clear")).toMatchObject({ status: "warn", detail: expect.stringMatching(/^AUTH XOAUTH2 ran without TLS: the access token crossed/) });
    expectNoSecrets(ok);
    const bad = await run(
      loopbackRequest(server.port, { profile: "auth", auth: { username: USER, token: "expired-token", mechanism: "XOAUTH2" } }),
      testDeps({ ports: [server.port] }),
    );
    expect(check(bad, "auth")?.status).toBe("fail");
    expect(JSON.stringify(bad)).not.toContain("expired-token");
    expect(eventsOf(bad, "reply").find((r) => r.code === 334)?.explanation.decoded).toContain('"status":"401"');
  });

  // Some servers quote the failed command back ("535 Authentication failed for AUTH PLAIN AGNh…"), or
  // the password itself: what the engine sent as a secret is blanked in every reply that comes back.
  describe("a server that echoes the credentials", () => {
    const echoServer = () =>
      startScriptedServer({
        replies: {
          EHLO: "250-fixture.helodesk.test\r\n250 AUTH PLAIN LOGIN XOAUTH2",
          AUTH: (line) => {
            if (line === "AUTH LOGIN") return "334 VXNlcm5hbWU6";
            // The decoded secret too, as a server that logs what it got would say it.
            const decoded = Buffer.from(line.split(" ")[2] ?? "", "base64").toString();
            const said = line.startsWith("AUTH XOAUTH2") ? `token ${decoded.split("Bearer ")[1]?.split("\x01")[0]}` : `password ${decoded.split("\0")[2]}`;
            return `535-5.7.8 Authentication failed for ${line}\r\n535 5.7.8 (user ${USER}, ${said})`;
          },
          UNKNOWN: (line) => (line === b64(USER) ? "334 UGFzc3dvcmQ6" : `535 5.7.8 Bad password ${line} for ${USER}`),
          MAIL: `550 5.7.1 Still remembering ${PASSWORD}`,
        },
      });
    for (const auth of [
      { username: USER, password: PASSWORD, mechanism: "PLAIN" as const },
      { username: USER, password: PASSWORD, mechanism: "LOGIN" as const },
      { username: USER, token: TOKEN, mechanism: "XOAUTH2" as const },
    ]) {
      it(`keeps what AUTH ${auth.mechanism} sent out of the replies, the checks and the explanations`, async () => {
        server = await echoServer();
        const doc = await run(loopbackRequest(server.port, { profile: "send", auth, tls: "none", from: USER, to: ["b@helodesk.test"] }), testDeps({ ports: [server.port] }));
        expectNoSecrets(doc);
        const failed = eventsOf(doc, "reply").find((r) => r.code === 535)!;
        expect(failed.raw).toContain("[redacted]");
        // Only the secret goes: the rest of the server's words stay as they came.
        expect(failed.lines.join("\n")).toMatch(auth.mechanism === "LOGIN" ? /^535 5\.7\.8 Bad password \[redacted\] for helpdesk@helodesk\.test$/ : /^535-5\.7\.8 Authentication failed for AUTH \w+ \[redacted\]\n/);
        expect(check(doc, "auth")?.status).toBe("fail");
      });
    }

    it("blanks a secret the server quotes cut short, without padding, in capitals, in hex or in base64 of its own", async () => {
      const initial = b64(`\0${USER}\0${PASSWORD}`);
      const forms = {
        // What SECURITY.md's own example looks like: the AUTH PLAIN string cut at 40 characters.
        cut: `${initial.slice(0, 40)}...`,
        unpadded: initial.replace(/=+$/, ""),
        capitals: PASSWORD.toUpperCase(),
        hex: Buffer.from(PASSWORD).toString("hex"),
        base64: b64(PASSWORD).replace(/=+$/, ""),
        prefix: PASSWORD.slice(0, 11),
      };
      server = await startScriptedServer({
        replies: {
          EHLO: "250-fixture.helodesk.test\r\n250 AUTH PLAIN",
          AUTH: () => `535-5.7.8 failed for AUTH PLAIN ${forms.cut}\r\n535-5.7.8 unpadded ${forms.unpadded}\r\n535-5.7.8 (${forms.capitals}) hex:${forms.hex}\r\n535 5.7.8 b64 '${forms.base64}', began "${forms.prefix}"`,
        },
      });
      const doc = await run(loopbackRequest(server.port, { profile: "auth", auth: { username: USER, password: PASSWORD, mechanism: "PLAIN" }, tls: "none" }), testDeps({ ports: [server.port] }));
      const text = JSON.stringify(doc);
      for (const [form, value] of Object.entries(forms)) expect(text, form).not.toContain(value.replace(/\.\.\.$/, ""));
      expect(text).not.toMatch(/Zq9|S3cr3t|s3cr3t/i);
      // The server's own words stay.
      expect(eventsOf(doc, "reply").find((r) => r.code === 535)?.lines).toEqual([
        "535-5.7.8 failed for AUTH PLAIN [redacted]...",
        "535-5.7.8 unpadded [redacted]",
        "535-5.7.8 ([redacted]) hex:[redacted]",
        "535 5.7.8 b64 '[redacted]', began \"[redacted]\"",
      ]);
    });

    it("answers a CRAM-MD5 challenge as it came, even where its recorded copy has a run blanked that looks like the password", async () => {
      // The password shares six bytes, at the same base64 alignment, with the challenge's host name.
      const password = "xx@mail.helodesk.test!";
      const challenge = "<1896.697170952@mail.helodesk.test>";
      server = await startScriptedServer({
        replies: {
          EHLO: "250-fixture.helodesk.test\r\n250 AUTH CRAM-MD5",
          AUTH: () => `334 ${b64(challenge)}`,
          UNKNOWN: (line) => {
            const [user, digest] = Buffer.from(line, "base64").toString().split(" ");
            return user === USER && digest === createHmac("md5", password).update(challenge).digest("hex") ? "235 2.7.0 Authentication successful" : "535 5.7.8 Error: authentication failed";
          },
        },
      });
      const doc = await run(loopbackRequest(server.port, { profile: "auth", auth: { username: USER, password, mechanism: "CRAM-MD5" }, tls: "none" }), testDeps({ ports: [server.port] }));
      expect(eventsOf(doc, "reply").find((r) => r.code === 334)?.raw).toContain("[redacted]");
      expect(check(doc, "auth")?.status).toBe("pass");
      expect(JSON.stringify(doc)).not.toContain(password);
    });

    it("keeps AUTH lines typed in the console out of the replies too", async () => {
      server = await echoServer();
      const session = startSession(loopbackRequest(server.port, { profile: "interactive" }), testDeps({ ports: [server.port] }));
      for await (const e of session.events()) if (e.type === "reply") break;
      const initial = b64(`\0${USER}\0${PASSWORD}`);
      const result = await session.input(`AUTH PLAIN ${initial}`);
      expect(result).toMatchObject({ ok: true, reply: { code: 535 } });
      // And in any later reply: the secrets are kept for the whole session.
      expect(await session.input("MAIL FROM:<a@helodesk.test>")).toMatchObject({ ok: true, reply: { code: 550, text: ["Still remembering [redacted]"] } });
      session.cancel();
      const doc = await session.done;
      // What was typed, and the password inside it, which the server also named.
      expect(JSON.stringify(doc)).not.toContain(initial);
      expect(JSON.stringify(doc)).not.toContain(PASSWORD);
      expect(eventsOf(doc, "reply").find((r) => r.code === 535)?.lines[0]).toBe("535-5.7.8 Authentication failed for AUTH PLAIN [redacted]");
    });
  });

  it("says nothing about credentials in clear when none were sent: AUTH PLAIN refused before any", async () => {
    server = await startScriptedServer({ replies: { AUTH: "503 5.5.1 Error: authentication not enabled" } });
    const session = startSession(loopbackRequest(server.port, { profile: "interactive" }), testDeps({ ports: [server.port] }));
    for await (const e of session.events()) if (e.type === "reply") break;
    expect(await session.input("AUTH PLAIN")).toMatchObject({ ok: true, reply: { code: 503 } });
    session.cancel();
    expect(check(await session.done, "auth-in-clear")).toBeUndefined();
  });

  it("has nothing to say about encryption when AUTH ran inside STARTTLS", async () => {
    const certs = await getTestCertificates();
    server = await startScriptedServer({
      tls: certs.server,
      replies: { EHLO: (_line, conn) => (conn.tls ? "250-fixture.helodesk.test\r\n250 AUTH PLAIN" : "250-fixture.helodesk.test\r\n250 STARTTLS"), AUTH: "235 2.7.0 Authentication successful" },
    });
    const doc = await run(
      loopbackRequest(server.port, { profile: "auth", auth: { username: USER, password: PASSWORD, mechanism: "PLAIN" }, trustCa: certs.ca.cert }),
      testDeps({ ports: [server.port] }),
    );
    expect(eventsOf(doc, "send").find((e) => e.command === "AUTH")?.tls).toBe(true);
    expect(check(doc, "auth")?.status).toBe("pass");
    expect(check(doc, "auth-in-clear")).toBeUndefined();
  });

  it("says AUTH is unavailable when the server does not offer it", async () => {
    server = await startScriptedServer();
    const doc = await run(
      loopbackRequest(server.port, { profile: "auth", auth: { username: USER, password: PASSWORD } }),
      testDeps({ ports: [server.port] }),
    );
    expect(sentLines(doc)).toEqual(["EHLO tester.helodesk.test", "QUIT"]);
    expect(check(doc, "auth")).toMatchObject({ status: "fail" });
    expect(check(doc, "auth")?.detail).toMatch(/does not offer AUTH/);
  });
});
