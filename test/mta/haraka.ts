import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { dhParametersPem, getTestCertificates, type TlsMaterial } from "../fixtures/tls-certs";
import { OutputTail, killOnExit, stopChild, waitForOutput } from "../support/processes";
import { readGreeting } from "../support/raw-smtp";
import { requireTool, type Requirement } from "../support/requirements";

/**
 * A real Haraka (the npm devDependency) in a child process, configured from
 * a temp directory: STARTTLS, AUTH PLAIN/LOGIN/CRAM-MD5 against a flat file,
 * one local domain, relaying only after AUTH, and nothing ever leaves the
 * process — no DNS look-ups, no outbound delivery.
 */

export interface HarakaOptions {
  /** Certificate for STARTTLS; the standard CA-signed server certificate by default. */
  readonly tls?: TlsMaterial;
  readonly localDomain?: string;
  /** Host name in the greeting and EHLO reply. */
  readonly hostname?: string;
  readonly user?: string;
  readonly password?: string;
  readonly startTimeoutMs?: number;
}

export interface HarakaServer {
  readonly host: "127.0.0.1";
  readonly port: number;
  readonly hostname: string;
  readonly user: string;
  readonly password: string;
  readonly localDomain: string;
  /** PEM a client must trust to verify the STARTTLS certificate. */
  readonly ca: string;
  /** The last part of Haraka's log, for a failing test's message. */
  logs(): string;
  stop(): Promise<void>;
}

export const HARAKA_START_TIMEOUT_MS = 30_000;
const HOST = "127.0.0.1";
const GREETING_TIMEOUT_MS = 10_000;
const LISTENING = /Listening on 127\.0\.0\.1:(\d+)/;
// Values go into an .ini file unquoted.
const INI_SAFE = /^[\w.@+-]+$/;

const require = createRequire(import.meta.url);

/** Haraka's bin/haraka, or null when the package is not installed. */
export function findHaraka(): string | null {
  try {
    const bin = join(dirname(require.resolve("Haraka/package.json")), "bin", "haraka");
    return existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

/** For `describe.skipIf(requireHaraka().skip)`. */
export function requireHaraka(): Requirement {
  return requireTool("Haraka", () => findHaraka() !== null, "npm ci (Haraka is a devDependency)");
}

export async function startHaraka(options: HarakaOptions = {}): Promise<HarakaServer> {
  const bin = findHaraka();
  if (!bin) throw new Error("Haraka is not installed: run npm ci");
  const settings = {
    localDomain: options.localDomain ?? "helodesk.test",
    hostname: options.hostname ?? "mail.helodesk.test",
    user: options.user ?? "tester@helodesk.test",
    password: options.password ?? "helodesk-test-password",
    tls: options.tls ?? (await getTestCertificates()).server,
  };
  for (const value of [settings.localDomain, settings.hostname, settings.user, settings.password]) {
    if (!INI_SAFE.test(value)) throw new Error(`Haraka fixture: unsupported characters in "${value}"`);
  }

  const root = await mkdtemp(join(tmpdir(), "helodesk-haraka-"));
  await writeConfig(root, dirname(dirname(bin)), settings);

  const output = new OutputTail();
  const child = spawn(process.execPath, [bin, "-c", root], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    // The test runner's loader flags must not leak into Haraka.
    env: { ...process.env, NODE_OPTIONS: undefined },
  });
  const cancelKillOnExit = killOnExit(child);
  child.on("error", (err) => output.append(`spawn failed: ${err.message}\n`));
  child.stdout.on("data", (chunk: Buffer) => output.append(chunk));
  child.stderr.on("data", (chunk: Buffer) => output.append(chunk));

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      cancelKillOnExit();
      await stopChild(child);
      await rm(root, { recursive: true, force: true });
    })());

  try {
    const timeoutMs = options.startTimeoutMs ?? HARAKA_START_TIMEOUT_MS;
    // Haraka prints the address it bound, port 0 resolved.
    const listening = await waitForOutput("Haraka", child, output, LISTENING, timeoutMs);
    const port = Number(listening[1]);
    const greeting = await readGreeting(HOST, port, GREETING_TIMEOUT_MS);
    if (greeting.code !== 220) throw new Error(`unexpected greeting: ${greeting.raw}`);
    return {
      host: HOST,
      port,
      hostname: settings.hostname,
      user: settings.user,
      password: settings.password,
      localDomain: settings.localDomain,
      ca: settings.tls.ca,
      logs: () => output.toString(),
      stop,
    };
  } catch (err) {
    await stop();
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`Haraka did not start: ${reason}\n--- Haraka output ---\n${output}`);
  }
}

interface Settings {
  readonly localDomain: string;
  readonly hostname: string;
  readonly user: string;
  readonly password: string;
  readonly tls: TlsMaterial;
}

async function writeConfig(root: string, harakaDir: string, settings: Settings): Promise<void> {
  const config = join(root, "config");
  // Start from Haraka's shipped defaults (what `haraka -i` installs): core
  // reads sections of connection.ini and others that must exist.
  await cp(join(harakaDir, "config"), config, { recursive: true });
  await mkdir(join(root, "plugins"));
  const files: Record<string, string> = {
    // nodes=0: one process, no cluster, so stopping the child stops Haraka.
    "config/smtp.ini": `listen=${HOST}:0\nnodes=0\ninactivity_timeout=60\n`,
    "config/me": `${settings.hostname}\n`,
    "config/host_list": `${settings.localDomain}\n`,
    // Only these plugins: the defaults include DNS-based ones (mail_from.is_resolvable)
    // and an outbound forwarder.
    "config/plugins": ["tls", "auth/flat_file", "rcpt_to.in_host_list", "helodesk_fixture", ""].join("\n"),
    "config/auth_flat_file.ini": [
      "[core]",
      "methods=PLAIN,LOGIN,CRAM-MD5",
      // let an authenticated user send from any domain, as a troubleshooting test does
      "constrain_sender=false",
      "[users]",
      `${settings.user}=${settings.password}`,
      "",
    ].join("\n"),
    "config/tls.ini": "key=tls_key.pem\ncert=tls_cert.pem\ndhparam=dhparams.pem\n",
    "config/tls_key.pem": settings.tls.key,
    "config/tls_cert.pem": settings.tls.cert,
    "config/dhparams.pem": dhParametersPem(),
    "config/outbound.ini": "disabled=true\n",
    "config/log.ini": "[main]\nlevel=info\ntimestamps=false\nformat=default\n",
    "plugins/helodesk_fixture.js": FIXTURE_PLUGIN,
  };
  for (const [path, content] of Object.entries(files)) {
    await writeFile(join(root, path), content, { mode: path.endsWith("key.pem") ? 0o600 : 0o644 });
  }
}

// Runs last: in_host_list has already accepted the local domain.
const FIXTURE_PLUGIN = `'use strict'
// Written by HeloDesk's test fixture (test/mta/haraka.ts).
const DSN = require('haraka-dsn')

// Core would dns.reverse() every client; answer for it so nothing is looked up.
exports.hook_lookup_rdns = (next) => next(OK, 'localhost')

// Not local, not authenticated: refuse to relay (RFC 5321 section 3.6.2).
exports.hook_rcpt = (next, connection) => {
  if (connection.relaying) return next()
  next(DENY, DSN.relaying_denied())
}

// Accept and drop: nothing is stored or delivered.
exports.hook_queue = (next) => next(OK)
exports.hook_queue_outbound = (next) => next(OK)
`;
