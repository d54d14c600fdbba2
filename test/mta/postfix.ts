import { execFile, spawn } from "node:child_process";
import { chmod, mkdir, mkdtemp, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { getTestCertificates, type TlsMaterial } from "../fixtures/tls-certs";
import {
  OutputTail,
  canListen,
  exitedError,
  findFreePort,
  killOnExit,
  stopChild,
  waitFor,
} from "../support/processes";
import { readGreeting } from "../support/raw-smtp";
import { findExecutable, isExecutable, isRoot, requireTool, type Requirement } from "../support/requirements";

/**
 * A private Postfix instance: its own config, queue and data directories in
 * a temp directory, smtpd on 127.0.0.1 only, and the system Postfix (if any)
 * untouched. Mail for the local domain's users is accepted and discarded;
 * everything else is refused or bounced locally. No DNS, no outbound SMTP.
 */

export interface PostfixOptions {
  /** Certificate for STARTTLS; the standard CA-signed server certificate by default. */
  readonly tls?: TlsMaterial;
  readonly localDomain?: string;
  /** Local parts that exist; any other is "550 5.1.1 User unknown". */
  readonly localUsers?: readonly string[];
  /** Host name in the greeting and EHLO reply. */
  readonly hostname?: string;
  readonly startTimeoutMs?: number;
  /** The master exits by itself after this long, should a test run leak it. */
  readonly maxLifetimeSeconds?: number;
}

export interface PostfixServer {
  readonly host: "127.0.0.1";
  readonly port: number;
  readonly hostname: string;
  readonly localDomain: string;
  /** An address that exists, e.g. tester@helodesk.test. */
  readonly localUser: string;
  /**
   * A domain this Postfix relays for (relay_domains), as a backup MX does: relayUser there is
   * accepted, anyone else is "550 5.1.1 … User unknown in relay recipient table".
   */
  readonly relayDomain: string;
  readonly relayUser: string;
  /** PEM a client must trust to verify the STARTTLS certificate. */
  readonly ca: string;
  /** The instance's mail log (its own maillog_file), for a failing test's message. */
  logs(): Promise<string>;
  stop(): Promise<void>;
}

export interface PostfixInstall {
  /** The postfix(1) command, used for `postfix -c DIR check`. */
  readonly postfix: string;
  readonly postconf: string;
  /** master(8), run directly in the foreground as our child. */
  readonly master: string;
}

export const POSTFIX_START_TIMEOUT_MS = 30_000;
const HOST = "127.0.0.1";
const RELAY_DOMAIN = "relayed.test";
const RELAY_USER = `known@${RELAY_DOMAIN}`;
const CHECK_TIMEOUT_MS = 30_000;
// One readiness probe; short, because a port taken by something else may never greet.
const PROBE_TIMEOUT_MS = 2_000;
const DEFAULT_LIFETIME_SECONDS = 3_600;
// Another process may take the probed port before master binds it.
const PORT_ATTEMPTS = 3;
// Debian, Fedora/RHEL, others.
const DAEMON_DIRS = ["/usr/lib/postfix/sbin", "/usr/libexec/postfix", "/usr/lib/postfix"];

const execFileAsync = promisify(execFile);

export function findPostfix(): PostfixInstall | null {
  const postfix = findExecutable("postfix");
  const postconf = findExecutable("postconf");
  const master = DAEMON_DIRS.map((dir) => join(dir, "master")).find(isExecutable);
  return postfix && postconf && master ? { postfix, postconf, master } : null;
}

/**
 * For `describe.skipIf(requirePostfix().skip)`: Postfix installed, and root,
 * since master(8) must start as root to drop to the postfix user.
 */
export function requirePostfix(): Requirement {
  const installed = requireTool("Postfix", () => findPostfix() !== null, "apt-get install postfix");
  if (installed.skip) return installed;
  return requireTool("root privileges", isRoot, "Postfix's master(8) must start as root");
}

export async function startPostfix(options: PostfixOptions = {}): Promise<PostfixServer> {
  const install = findPostfix();
  if (!install) throw new Error("Postfix is not installed: apt-get install postfix");
  if (!isRoot()) throw new Error("a private Postfix instance needs root");
  const settings: Settings = {
    localDomain: options.localDomain ?? "helodesk.test",
    localUsers: options.localUsers ?? ["tester", "postmaster"],
    hostname: options.hostname ?? "mail.helodesk.test",
    tls: options.tls ?? (await getTestCertificates()).server,
    lifetimeSeconds: options.maxLifetimeSeconds ?? DEFAULT_LIFETIME_SECONDS,
  };
  const timeoutMs = options.startTimeoutMs ?? POSTFIX_START_TIMEOUT_MS;

  let lastError: Error | null = null;
  for (let attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
    try {
      return await startInstance(install, settings, await findFreePort(HOST), timeoutMs);
    } catch (err) {
      lastError = err instanceof Error ? err : new Error(String(err));
      if (!(err instanceof PortTakenError)) break;
    }
  }
  throw lastError ?? new Error("Postfix did not start");
}

interface Settings {
  readonly localDomain: string;
  readonly localUsers: readonly string[];
  readonly hostname: string;
  readonly tls: TlsMaterial;
  readonly lifetimeSeconds: number;
}

class PortTakenError extends Error {}

async function startInstance(
  install: PostfixInstall,
  settings: Settings,
  port: number,
  timeoutMs: number,
): Promise<PostfixServer> {
  const root = await mkdtemp(join(tmpdir(), "helodesk-postfix-"));
  // Postfix daemons run as the postfix user and must reach the queue inside.
  await chmod(root, 0o755);
  const dirs = { config: join(root, "etc"), queue: join(root, "queue"), data: join(root, "data") };
  const maillog = join(root, "maillog");
  const readLog = () => readFile(maillog, "utf8").catch(() => "");
  const output = new OutputTail();
  let child: ReturnType<typeof spawn> | null = null;
  let cancelKillOnExit = () => {};

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      cancelKillOnExit();
      // SIGTERM makes master pass the signal on to its children and exit.
      if (child) await stopChild(child);
      await rm(root, { recursive: true, force: true });
    })());

  try {
    await mkdir(dirs.config);
    await mkdir(dirs.queue);
    await writeConfig(dirs, maillog, root, port, settings, await compatibilityLevel(install, dirs.config));
    // Creates the queue's subdirectories and data_directory with the right owners.
    await execFileAsync(install.postfix, ["-c", dirs.config, "check"], { timeout: CHECK_TIMEOUT_MS });

    // -s: stay in the foreground as our child; -e: exit by itself if leaked.
    child = spawn(install.master, ["-c", dirs.config, "-s", "-e", String(settings.lifetimeSeconds)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    cancelKillOnExit = killOnExit(child);
    child.on("error", (err) => output.append(`spawn failed: ${err.message}\n`));
    child.stdout?.on("data", (chunk: Buffer) => output.append(chunk));
    child.stderr?.on("data", (chunk: Buffer) => output.append(chunk));

    const master = child;
    await waitFor(
      "Postfix's 220 greeting",
      async () => ((await readGreeting(HOST, port, PROBE_TIMEOUT_MS)).code === 220 ? true : null),
      { timeoutMs, abortIf: () => exitedError("master", master) },
    );
    return {
      host: HOST,
      port,
      hostname: settings.hostname,
      localDomain: settings.localDomain,
      localUser: `${settings.localUsers[0] ?? "postmaster"}@${settings.localDomain}`,
      relayDomain: RELAY_DOMAIN,
      relayUser: RELAY_USER,
      ca: settings.tls.ca,
      logs: readLog,
      stop,
    };
  } catch (err) {
    const log = await readLog();
    await stop();
    // master(8) reports a failed bind only to syslog, so ask the port itself.
    const portTaken = child !== null && !(await canListen(port, HOST));
    const reason = err instanceof Error ? err.message : String(err);
    const message = [
      `Postfix did not start: ${reason}${portTaken ? ` (port ${port} was taken)` : ""}`,
      `--- maillog (master(8) itself logs start-up errors to syslog only) ---\n${log}`,
      `--- master output ---\n${output}`,
    ].join("\n");
    throw portTaken ? new PortTakenError(message) : new Error(message);
  }
}

interface Dirs {
  readonly config: string;
  readonly queue: string;
  readonly data: string;
}

/**
 * The newest level this Postfix knows, so that it logs no "backwards-compatible
 * default settings" notice: "3.6" from Postfix 3.6 on, "2" before. Asked of
 * postconf with an empty main.cf, since the system's may not exist.
 */
async function compatibilityLevel(install: PostfixInstall, configDir: string): Promise<string> {
  await writeFile(join(configDir, "main.cf"), "");
  const { stdout } = await execFileAsync(install.postconf, ["-c", configDir, "-d", "-h", "mail_version"], {
    timeout: CHECK_TIMEOUT_MS,
  });
  const [major = 0, minor = 0] = stdout.trim().split(".").map(Number);
  return major > 3 || (major === 3 && minor >= 6) ? "3.6" : "2";
}

async function writeConfig(
  dirs: Dirs,
  maillog: string,
  root: string,
  port: number,
  settings: Settings,
  compatibility: string,
) {
  const key = join(dirs.config, "tls-key.pem");
  const cert = join(dirs.config, "tls-cert.pem");
  await writeFile(key, settings.tls.key, { mode: 0o600 });
  await writeFile(cert, settings.tls.cert, { mode: 0o644 });
  const mainPath = join(dirs.config, "main.cf");
  const masterPath = join(dirs.config, "master.cf");
  await writeFile(mainPath, mainCf(dirs, maillog, root, key, cert, settings, compatibility));
  await writeFile(masterPath, masterCf(port));
  // Postfix rereads a table whose mtime is this second or later (it may still
  // be being written), for up to ~2 s; files dated in the past load at once.
  const past = new Date(Date.now() - 60_000);
  for (const path of [mainPath, masterPath, key, cert]) await utimes(path, past, past);
}

function mainCf(
  dirs: Dirs,
  maillog: string,
  root: string,
  key: string,
  cert: string,
  settings: Settings,
  compatibility: string,
): string {
  const users = settings.localUsers.map((user) => `${user}=ok`).join(", ");
  const settingsMap: Record<string, string> = {
    compatibility_level: compatibility,
    queue_directory: dirs.queue,
    data_directory: dirs.data,
    mail_owner: "postfix",
    setgid_group: "postdrop",
    // Logs go to our own file: no syslog here, and none of the system's mail log.
    maillog_file: maillog,
    maillog_file_prefixes: root,

    myhostname: settings.hostname,
    mydomain: settings.localDomain,
    myorigin: "$mydomain",
    mydestination: settings.localDomain,
    inet_interfaces: "loopback-only",
    inet_protocols: "ipv4",
    smtpd_banner: "$myhostname ESMTP",
    biff: "no",

    // Loopback must NOT be a trusted network, or every test client could relay.
    // 192.0.2.1 (TEST-NET-1, RFC 5737) is never used by anything.
    mynetworks: "192.0.2.1/32",
    // One relayed domain with a recipient table, for an unknown user there (never delivered: relay_transport is error).
    relay_domains: RELAY_DOMAIN,
    relay_recipient_maps: `inline:{ ${RELAY_USER}=ok }`,
    // What is accepted for it is discarded: relay_transport (error, below) would refuse it at RCPT.
    transport_maps: `inline:{ ${RELAY_DOMAIN}=discard:relayed-test }`,
    smtpd_relay_restrictions: "reject_unauth_destination",
    smtpd_recipient_restrictions: "",
    // No DNS-based checks anywhere. The form checks on the EHLO name and the sender look nothing up;
    // Postfix applies them when RCPT TO arrives (smtpd_delay_reject), as deployments see it.
    smtpd_client_restrictions: "",
    smtpd_helo_restrictions: "reject_invalid_helo_hostname, reject_non_fqdn_helo_hostname",
    smtpd_sender_restrictions: "reject_non_fqdn_sender",
    smtpd_peername_lookup: "no",
    smtp_dns_support_level: "disabled",
    lmtp_dns_support_level: "disabled",

    // The local users exist (others get 550 5.1.1); their mail is discarded.
    local_recipient_maps: `inline:{ ${users} }`,
    alias_maps: "",
    alias_database: "",
    local_transport: "discard:accepted by the HeloDesk test instance",
    // Nothing leaves this machine.
    default_transport: "error:5.7.1 outbound delivery is disabled in this test instance",
    relay_transport: "error:5.7.1 outbound delivery is disabled in this test instance",

    smtpd_tls_security_level: "may",
    smtpd_tls_cert_file: cert,
    smtpd_tls_key_file: key,
    smtputf8_enable: "yes",
  };
  return `${Object.entries(settingsMap)
    .map(([name, value]) => `${name} = ${value}`)
    .join("\n")}\n`;
}

// Only the services an accepting smtpd needs; no pickup (no sendmail), no
// smtp client. chroot is "n" everywhere: nothing is copied into the queue.
function masterCf(port: number): string {
  return `${[
    `${HOST}:${port} inet n - n - - smtpd`,
    "cleanup unix n - n - 0 cleanup",
    "qmgr unix n - n 300 1 qmgr",
    "tlsmgr unix - - n 1000? 1 tlsmgr",
    "rewrite unix - - n - - trivial-rewrite",
    "bounce unix - - n - 0 bounce",
    "defer unix - - n - 0 bounce",
    "trace unix - - n - 0 bounce",
    "verify unix - - n - 1 verify",
    "flush unix n - n 1000? 0 flush",
    "proxymap unix - - n - - proxymap",
    "scache unix - - n - 1 scache",
    "discard unix - - n - - discard",
    "error unix - - n - - error",
    "retry unix - - n - - error",
    "anvil unix - - n - 1 anvil",
    "showq unix n - n - - showq",
    "postlog unix-dgram n - n - 1 postlogd",
  ].join("\n")}\n`;
}
