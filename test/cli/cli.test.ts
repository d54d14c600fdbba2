import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import module from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { SessionDocument } from "@/lib/schemas/session";
import { type ScriptedConnection, type ScriptedServer, startScriptedServer } from "../fixtures/scripted-server";

const CLI = "dist/cli.mjs";

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built CLI (no TypeScript at run time), with loopback allowed and DNS pointed at a closed port.
 * Its stdin is empty (/dev/null) unless `stdin` gives the text to pipe in.
 */
function cli(args: string[], env: Record<string, string> = {}, interrupt?: { when: RegExp; signal: NodeJS.Signals }, stdin?: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: {
        NODE_ENV: "production",
        PATH: process.env.PATH ?? "",
        HELODESK_ALLOWED_NETWORKS: "127.0.0.0/8",
        HELODESK_ALLOWED_PORTS: "25,465,587,2525,1024-65535",
        HELODESK_DNS_SERVERS: "127.0.0.1:9",
        HELODESK_HELO_NAME: "tester.helodesk.test",
        HELODESK_GREETING_TIMEOUT_MS: "3000",
        HELODESK_COMMAND_TIMEOUT_MS: "3000",
        ...env,
      },
      stdio: [stdin === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    if (stdin !== undefined) child.stdin!.end(stdin);
    let stdout = "";
    let stderr = "";
    let signalled = false;
    child.stdout!.on("data", (d: Buffer) => {
      stdout += d.toString();
      if (interrupt && !signalled && interrupt.when.test(stdout)) {
        signalled = true;
        child.kill(interrupt.signal);
      }
    });
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

let server: ScriptedServer | null = null;
beforeAll(() => {
  if (!existsSync(CLI)) throw new Error("dist/cli.mjs is missing: run `npm run build:node` (npm test does)");
});
afterEach(async () => {
  await server?.close();
  server = null;
});

describe("transcript output", () => {
  it("prints the conversation in swaks's arrow grammar, the checks, and exits 0 when nothing fails", async () => {
    server = await startScriptedServer();
    const r = await cli(["check", "127.0.0.1", "--port", String(server.port)]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ -> EHLO tester\.helodesk\.test/);
    expect(r.stdout).toMatch(/ <- 220 fixture\.helodesk\.test ESMTP ready/);
    expect(r.stdout).toMatch(/ === Connected to 127\.0\.0\.1 port \d+/);
    expect(r.stdout).toMatch(/\[\s*[\d.]+ ms\]/);
    expect(r.stdout).toMatch(/^PASS {2}EHLO: /m);
    expect(r.stdout).toContain("Result: PASS");
    // The rehearsal before it (server/cli/rehearsal.ts) talks to an in-memory server only, and prints nothing.
    expect(server.connections).toHaveLength(1);
    expect(r.stdout.match(/ === Connected to/g)).toHaveLength(1);
    // Not a terminal: no colours.
    expect(r.stdout).not.toContain("\x1b[");
  });

  it("colours codes by class when colour is forced", async () => {
    server = await startScriptedServer({ replies: { RCPT: "550 5.7.1 Relaying denied" } });
    const r = await cli(["check", "127.0.0.1", "--port", String(server.port), "--profile", "relay"], { FORCE_COLOR: "1" });
    expect(r.stdout).toContain("\x1b[31m550 5.7.1 Relaying denied\x1b[39m");
    expect(r.stdout).toContain("\x1b[32m220 ");
  });

  it("exits 1 when a check fails (an open relay) and says why", async () => {
    server = await startScriptedServer();
    const r = await cli(["check", "127.0.0.1", "--port", String(server.port), "--profile", "relay"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL {2}Open relay: /m);
    expect(r.stdout).not.toMatch(/ -> DATA/);
  });

  it("shows a hostile server's escape sequences as inert text", async () => {
    server = await startScriptedServer({ greeting: "220 evil \x1b[2J\x1b]0;pwned\x07 ready" });
    const r = await cli(["check", "127.0.0.1", "--port", String(server.port), "--profile", "banner"]);
    expect(r.stdout).not.toContain("\x1b");
    expect(r.stdout).toContain("220 evil \u241b[2J\u241b]0;pwned\u2407 ready");
  });
});

describe("the null sender", () => {
  it("takes --from '<>' and says MAIL FROM:<>", async () => {
    server = await startScriptedServer({ replies: { RCPT: "554 5.7.1 Relay access denied" } });
    const r = await cli(["check", "127.0.0.1", "--port", String(server.port), "--profile", "relay", "--from", "<>"]);
    expect(r.stderr).toBe("");
    expect(server.allLines).toContain("MAIL FROM:<>");
    expect(r.stdout).toMatch(/ -> MAIL FROM:<>\n/);
    expect(r.code).toBe(0);
  });
});

describe("stopped by a signal", () => {
  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)("on %s says QUIT, prints what it got and exits %i, not 0", async (signal, code) => {
    server = await startScriptedServer({ replies: { EHLO: () => undefined } });
    const r = await cli(["check", "127.0.0.1", "--port", String(server.port), "--profile", "ehlo"], {}, { when: / -> EHLO /, signal });
    expect(r.code).toBe(code);
    expect(server.allLines).toEqual(["EHLO tester.helodesk.test", "QUIT"]);
    expect(r.stdout).toMatch(/ <- 221 /);
    expect(r.stdout).toContain("Result: WARN");
  });
});

describe("a reader that goes away (| head -1)", () => {
  it("ends the session with QUIT and exits 141, with no stack trace", async () => {
    // EHLO is answered only once the pipe is closed, so the CLI writes to a closed pipe; MAIL FROM is
    // never answered, so only the closed pipe can end this session early.
    let held: ScriptedConnection | null = null;
    let closed = false;
    const answerEhlo = () => {
      if (held && closed) held.write("250 fixture.helodesk.test\r\n");
    };
    server = await startScriptedServer({
      replies: {
        EHLO: (_line, conn) => {
          held = conn;
          answerEhlo();
          return undefined;
        },
        MAIL: () => undefined,
      },
    });
    const child = spawn(process.execPath, [CLI, "check", "127.0.0.1", "--port", String(server.port), "--profile", "send", "--from", "a@helodesk.test", "--to", "b@helodesk.test"], {
      env: { NODE_ENV: "production", PATH: process.env.PATH ?? "", HELODESK_ALLOWED_NETWORKS: "127.0.0.0/8", HELODESK_ALLOWED_PORTS: "1024-65535", HELODESK_DNS_SERVERS: "127.0.0.1:9", HELODESK_HELO_NAME: "tester.helodesk.test" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    // Read until EHLO is out, then close the pipe, as head does after its line.
    let seen = "";
    child.stdout!.on("data", (d: Buffer) => {
      seen += d.toString();
      if (/ -> EHLO /.test(seen) && !closed) {
        child.stdout!.destroy();
        closed = true;
        answerEhlo();
      }
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    clearTimeout(timer);
    expect(stderr).toBe("");
    expect(code).toBe(141);
    expect(server.allLines[0]).toBe("EHLO tester.helodesk.test");
    expect(server.allLines.at(-1)).toBe("QUIT");
    expect(server.allLines).not.toContain("DATA");
  });
});

describe("--json", () => {
  it("prints a session document that validates against the schema", async () => {
    server = await startScriptedServer();
    const r = await cli(["check", "127.0.0.1", "--port", String(server.port), "--profile", "ehlo", "--json"]);
    expect(r.code).toBe(0);
    const doc = SessionDocument.parse(JSON.parse(r.stdout));
    expect(doc).toMatchObject({ target: "127.0.0.1", profile: "ehlo", outcome: "pass", state: "finished", closeReason: "quit" });
    expect(doc.events.some((e) => e.type === "reply" && e.code === 250 && e.command === "EHLO")).toBe(true);
  });
});

describe("secrets", () => {
  it("reads the password from the named environment variable and never prints it", async () => {
    const password = "Pa55-from-env-Only";
    server = await startScriptedServer({
      replies: {
        EHLO: "250-fixture.helodesk.test\r\n250 AUTH PLAIN",
        AUTH: (line) => (Buffer.from(line.split(" ")[2] ?? "", "base64").toString() === `\0me@helodesk.test\0${password}` ? "235 2.7.0 OK" : "535 5.7.8 no"),
      },
    });
    for (const json of [false, true]) {
      const args = ["check", "127.0.0.1", "--port", String(server.port), "--profile", "auth", "--auth-user", "me@helodesk.test", "--auth-pass-env", "SMTP_PW"];
      const r = await cli(json ? [...args, "--json"] : args, { SMTP_PW: password });
      expect(r.code).toBe(0);
      const all = r.stdout + r.stderr;
      expect(all).not.toContain(password);
      expect(all).not.toContain(Buffer.from(`\0me@helodesk.test\0${password}`).toString("base64"));
    }
  });
});

describe("bad input", () => {
  it.each([
    [["check", "example.com", "--port", "abc"], /--port: /],
    [["check", "example.com", "--port", "70000"], /--port: the port must be between 1 and 65535/],
    [["check", "example.com", "--profile", "spam"], /--profile: choose a profile/],
    [["check", "example.com", "--tls", "maybe"], /--tls: choose a TLS mode/],
    [["check", "example.com", "--from", "not an address", "--profile", "relay"], /--from: /],
    [["check", "example.com", "--bogus"], /unknown option/i],
    [["check"], /TARGET: /],
    [["probe", "example.com"], /unknown command "probe"/],
    [["check", "example.com", "--profile", "send", "--to", "a@b.example"], /--from: the send profile needs a sender/],
    [["check", "example.com", "--auth-user", "me", "--auth-pass-env", "NOT_SET_ANYWHERE"], /--auth-pass-env: environment variable NOT_SET_ANYWHERE is not set/],
    [["check", "example.com", "--auth-user", "me", "--auth-pass-env", "EMPTY_SECRET"], /--auth-pass-env: environment variable EMPTY_SECRET is empty/],
    [["check", "example.com", "--auth-user", "me", "--auth-mech", "XOAUTH2", "--auth-token-env", "EMPTY_SECRET"], /--auth-token-env: environment variable EMPTY_SECRET is empty/],
    [["check", "example.com", "--auth-mech", "PLAIN"], /--auth-user: give the user name to authenticate as \(--auth-mech needs it\)/],
    [["check", "example.com", "--auth-pass-env", "SECRET", "--auth-mech", "LOGIN"], /--auth-user: give the user name to authenticate as \(--auth-pass-env and --auth-mech need it\)/],
    [["check", "example.com", "--port", "0x9DE"], /--port: give the port number in plain digits/],
    [["check", "example.com", "--port", "2526.0"], /--port: give the port number in plain digits/],
    [["check", "example.com", "--timeout-ms", "1e3"], /--timeout-ms: give a whole number of milliseconds from 100 to 300000 in plain digits/],
    [["check", "example.com", "--timeout-ms", ""], /--timeout-ms: give a whole number of milliseconds/],
    // Options the profile would drop without a word, and a verdict read as if they had been tried.
    [["check", "example.com", "--from", "a@b.example", "--to", "c@d.example"], /--from: the ehlo profile does not send MAIL FROM: from is used by the relay and send profiles only/],
    [["check", "example.com", "--auth-user", "me", "--auth-pass-env", "SECRET"], /--auth-user: the ehlo profile does not log in: auth is used by the auth, relay and send profiles only/],
    [["check", "127.0.0.1", "--mx", "127.0.0.2"], /--mx: an MX host is chosen among a domain's MX hosts, and the target is an address/],
  ])("%j exits 2 naming the option", async (args, message) => {
    const r = await cli(args as string[], { EMPTY_SECRET: "", SECRET: "s3cret" });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe("");
  });

  it("exits 2 naming a bad setting", async () => {
    const r = await cli(["check", "example.com"], { HELODESK_ALLOWED_NETWORKS: "10.0.0.0/33" });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/HELODESK_ALLOWED_NETWORKS must be a comma-separated list of CIDR ranges/);
  });

  it("exits 2 naming a DNS server on port 0, which c-ares would abort the process on (exit 134)", async () => {
    const r = await cli(["check", "example.com"], { HELODESK_DNS_SERVERS: "127.0.0.1:0" });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('helodesk: invalid setting: HELODESK_DNS_SERVERS: "127.0.0.1:0" is not a DNS server: list IP addresses, each with an optional port from 1 to 65535, like 192.0.2.53, 192.0.2.53:5353, 2001:db8::53 or [2001:db8::53]:5353\n');
  });
});

describe("settings", () => {
  it("reads only the engine's: a server's settings in the same shell do not stop a check", async () => {
    server = await startScriptedServer();
    const serverOnly = { PORT: "abc", HOST: "not a host", DATABASE_URL: "mysql://127.0.0.1/x", REDIS_URL: "127.0.0.1:6379", HELODESK_LOG_LEVEL: "verbose", HELODESK_RETENTION_DAYS: "0" };
    const r = await cli(["check", "127.0.0.1", "--port", String(server.port), "--profile", "banner"], serverOnly);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Result: PASS");
  });

  it("warns about a misspelt HELODESK_ setting, naming the one meant, and still runs", async () => {
    server = await startScriptedServer();
    const r = await cli(["check", "127.0.0.1", "--port", String(server.port), "--profile", "banner"], { HELODESK_GREETING_TIMEOUT: "5000" });
    expect(r.stderr).toBe("helodesk: warning: HELODESK_GREETING_TIMEOUT is not a HeloDesk setting and is ignored: did you mean HELODESK_GREETING_TIMEOUT_MS?\n");
    expect(r.code).toBe(0);
  });

  it("honours --timeout-ms beyond the configured deadlines: the CLI's user is the operator", async () => {
    // The greeting takes 1 s, twice the configured 500 ms: only the 40 s asked for lets it arrive.
    server = await startScriptedServer({ greeting: (conn) => void setTimeout(() => conn.reply("220 fixture.helodesk.test ESMTP slow"), 1000) });
    const r = await cli(["check", "127.0.0.1", "--port", String(server.port), "--profile", "ehlo", "--timeout-ms", "40000", "--json"], { HELODESK_GREETING_TIMEOUT_MS: "500", HELODESK_COMMAND_TIMEOUT_MS: "500" });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const doc = SessionDocument.parse(JSON.parse(r.stdout));
    const waits = doc.events.filter((e) => e.type === "wait");
    expect(waits.map((w) => (w.type === "wait" ? [w.command, w.timeoutMs] : []))).toEqual([
      ["CONNECT", 40_000],
      ["EHLO", 40_000],
      ["QUIT", 40_000],
    ]);
    expect(doc.outcome).toBe("pass");
  });

  it("does not let the whole session's limit cut a wait --timeout-ms asked for", async () => {
    // A 1.5 s greeting against a session limit of 1 s: --timeout-ms 3000 makes room for it.
    server = await startScriptedServer({ greeting: (conn) => void setTimeout(() => conn.reply("220 fixture.helodesk.test ESMTP slow"), 1500) });
    const env = { HELODESK_SESSION_TIMEOUT_MS: "1000" };
    const asked = await cli(["check", "127.0.0.1", "--port", String(server.port), "--profile", "banner", "--timeout-ms", "3000", "--json"], env);
    expect(asked.code).toBe(0);
    expect(SessionDocument.parse(JSON.parse(asked.stdout)).outcome).toBe("pass");
    // Without it, the operator's session limit holds.
    const configured = await cli(["check", "127.0.0.1", "--port", String(server.port), "--profile", "banner", "--json"], env);
    const cut = SessionDocument.parse(JSON.parse(configured.stdout));
    expect(cut.closeReason).toBe("timeout");
    expect(cut.events.some((e) => e.type === "note" && e.code === "session-timeout")).toBe(true);
  });
});

describe("interactive profile with piped input", () => {
  it("sends QUIT when stdin ends with no commands, says so, and exits 0", async () => {
    server = await startScriptedServer();
    const r = await cli(["check", "127.0.0.1", "--port", String(server.port), "--profile", "interactive"]);
    expect(r.stderr).toBe("helodesk: standard input ended: no more commands; sending QUIT\n");
    expect(r.code).toBe(0);
    expect(server.allLines).toEqual(["QUIT"]);
    expect(r.stdout).not.toMatch(/cancelled/i);
    expect(r.stdout).toMatch(/ <- 221 /);
  });

  it("runs the piped commands, then QUIT", async () => {
    server = await startScriptedServer();
    const r = await cli(["check", "127.0.0.1", "--port", String(server.port), "--profile", "interactive"], {}, undefined, "EHLO me.helodesk.test\nNOOP\n");
    expect(r.code).toBe(0);
    expect(server.allLines).toEqual(["EHLO me.helodesk.test", "NOOP", "QUIT"]);
  });

  it("sends no second QUIT after a typed one", async () => {
    server = await startScriptedServer();
    const r = await cli(["check", "127.0.0.1", "--port", String(server.port), "--profile", "interactive"], {}, undefined, "NOOP\nquit\n");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(server.allLines).toEqual(["NOOP", "quit"]);
  });

  it("cancels a message cut off before its final dot, without sending it or QUIT as a line of it", async () => {
    server = await startScriptedServer();
    const input = "EHLO me.helodesk.test\nMAIL FROM:<me@helodesk.test>\nRCPT TO:<you@helodesk.test>\nDATA\nSubject: cut off\n\nhalf a message\n";
    const r = await cli(["check", "127.0.0.1", "--port", String(server.port), "--profile", "interactive"], {}, undefined, input);
    expect(r.stderr).toMatch(/^helodesk: standard input ended inside the message \(no line with a single "\."\): the message was not sent/);
    expect(server.messages).toEqual([]);
    expect(server.allLines).not.toContain("QUIT");
  });
});

describe("start-up", () => {
  /** Every file under a folder, with its size. */
  const files = (dir: string): Array<{ path: string; size: number }> =>
    !existsSync(dir) ? [] : readdirSync(dir, { recursive: true, encoding: "utf8" }).map((f) => join(dir, f)).filter((f) => statSync(f).isFile()).map((path) => ({ path, size: statSync(path).size }));
  /** Each check's status and name ("PASS  Greeting"), and the result line: what must not change between runs. */
  const verdict = (out: string) => out.split("\n").filter((l) => /^(PASS|WARN|FAIL|INFO) |^Result: /.test(l)).map((l) => l.split(":")[0]);

  it("keeps V8's compiled code in Node's compile cache where Node has one (22.1+), and runs the same either way", async () => {
    // Node's default place for the cache is os.tmpdir()/node-compile-cache: a temporary TMPDIR keeps
    // it in the test's folder. (NODE_COMPILE_CACHE would turn the cache on by itself, so it is not
    // used: the launcher must be what turns it on.)
    const tmp = mkdtempSync(join(tmpdir(), "helodesk-cli-tmp-"));
    const cache = join(tmp, "node-compile-cache");
    try {
      server = await startScriptedServer();
      const args = ["check", "127.0.0.1", "--port", String(server.port), "--profile", "send", "--from", "me@helodesk.test", "--to", "you@helodesk.test"];
      const first = await cli(args, { TMPDIR: tmp });
      expect(first.stderr).toBe("");
      expect(first.code).toBe(0);
      const cached = files(cache);
      if ("enableCompileCache" in module) {
        // The bundle and nodemailer (loaded by the send profile), each a non-empty entry.
        expect(cached.length).toBeGreaterThanOrEqual(2);
        for (const f of cached) expect(f.size).toBeGreaterThan(0);
      } else {
        expect(cached).toEqual([]);
      }
      // The next start, from the cache where there is one, says the same.
      const second = await cli(args, { TMPDIR: tmp });
      expect(second.stderr).toBe("");
      expect(second.code).toBe(0);
      expect(verdict(first.stdout)).toContain("Result");
      expect(verdict(second.stdout)).toEqual(verdict(first.stdout));
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
