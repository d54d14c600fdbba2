import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { SessionRequest, type SessionRequestInput } from "@/lib/schemas/request";

export const USAGE = `Usage: helodesk check TARGET [options]

TARGET is a mail domain (its MX is looked up), a host name, or an IP address.

Options:
  --port N               25 (default), 465 (implicit TLS), 587 or 2525 (submission)
  --profile P            banner | ehlo (default) | starttls | auth | relay | send | interactive
  --mx HOST              test this MX host instead of the preferred one
  --from ADDR            MAIL FROM address; '<>' for the null sender of bounces
  --to ADDR              RCPT TO address (repeat for more recipients)
  --tls MODE             auto (default) | starttls | implicit | none
  --helo NAME            name to announce in EHLO
  --auth-user U          user name for AUTH
  --auth-pass-env VAR    read the AUTH password from environment variable VAR
  --auth-token-env VAR   read an OAuth bearer token for XOAUTH2 from environment variable VAR
  --auth-mech M          auto (default) | PLAIN | LOGIN | CRAM-MD5 | XOAUTH2
  --dsn                  ask for delivery notifications (NOTIFY=SUCCESS,FAILURE) when offered
  --chunking             use BDAT instead of DATA when the server offers CHUNKING
  --subject TEXT         subject of the test message
  --trust-ca FILE        also trust this PEM CA when verifying the certificate
  --timeout-ms N         reply deadline per command, in milliseconds (the session limit grows by N)
  --json                 print the session document as JSON
  -h, --help             show this help

Exit codes: 0 no check failed, 1 a check failed, 2 bad input, 130 / 143 stopped by Ctrl-C / SIGTERM,
141 the reader of the output went away (| head).`;

export class UsageError extends Error {
  override name = "UsageError";
}

/** Where a request field comes from on the command line, so an error names the option to fix. */
const OPTION_FOR: Record<string, string> = {
  target: "TARGET",
  port: "--port",
  profile: "--profile",
  mx: "--mx",
  from: "--from",
  to: "--to",
  tls: "--tls",
  helo: "--helo",
  auth: "--auth-user",
  "auth.username": "--auth-user",
  "auth.password": "--auth-pass-env",
  "auth.token": "--auth-token-env",
  "auth.mechanism": "--auth-mech",
  subject: "--subject",
  dsn: "--dsn",
  chunking: "--chunking",
  trustCa: "--trust-ca",
  timeouts: "--timeout-ms",
};

export interface CliOptions {
  request: SessionRequest;
  json: boolean;
}

export function parseCli(argv: string[], env: NodeJS.ProcessEnv): CliOptions | "help" {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        port: { type: "string" },
        profile: { type: "string" },
        mx: { type: "string" },
        from: { type: "string" },
        to: { type: "string", multiple: true },
        tls: { type: "string" },
        helo: { type: "string" },
        "auth-user": { type: "string" },
        "auth-pass-env": { type: "string" },
        "auth-token-env": { type: "string" },
        "auth-mech": { type: "string" },
        dsn: { type: "boolean" },
        chunking: { type: "boolean" },
        subject: { type: "string" },
        "trust-ca": { type: "string" },
        "timeout-ms": { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/^Unknown option/, "unknown option").split(". ")[0] ?? "bad arguments");
  }
  const { values, positionals } = parsed;
  if (values.help) return "help";
  const [command, target, ...extra] = positionals;
  if (command !== "check") throw new UsageError(command ? `unknown command "${command}": use "check"` : 'missing command: use "helodesk check TARGET"');
  if (!target) throw new UsageError("TARGET: give a mail domain, host name or IP address to check");
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}": options start with --`);

  const auth = authFrom(values, env);
  const input: SessionRequestInput = {
    target,
    port: values.port === undefined ? undefined : digits("--port", values.port, "the port number", "25 or 587"),
    profile: values.profile as SessionRequestInput["profile"],
    mx: values.mx,
    from: values.from,
    to: values.to,
    tls: values.tls as SessionRequestInput["tls"],
    helo: values.helo,
    auth,
    dsn: values.dsn ?? false,
    chunking: values.chunking ?? false,
    subject: values.subject,
    trustCa: values["trust-ca"] ? readCa(values["trust-ca"]) : undefined,
    timeouts: values["timeout-ms"] !== undefined ? timeoutsFrom(values["timeout-ms"]) : undefined,
  };
  const result = SessionRequest.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const path = issue.path.filter((p) => typeof p === "string").join(".");
    const option = OPTION_FOR[path] ?? OPTION_FOR[path.split(".")[0] ?? ""] ?? path;
    throw new UsageError(`${option}: ${issue.message}`);
  }
  return { request: result.data, json: values.json ?? false };
}

function authFrom(values: Record<string, string | boolean | string[] | undefined>, env: NodeJS.ProcessEnv): SessionRequestInput["auth"] {
  const user = values["auth-user"] as string | undefined;
  const passVar = values["auth-pass-env"] as string | undefined;
  const tokenVar = values["auth-token-env"] as string | undefined;
  const mech = values["auth-mech"] as string | undefined;
  // An --auth-* option without --auth-user would otherwise be dropped, and the session run without AUTH.
  const given = ["auth-pass-env", "auth-token-env", "auth-mech"].filter((name) => values[name] !== undefined).map((name) => `--${name}`);
  if (user === undefined && given.length === 0) return undefined;
  if (!user) throw new UsageError(`--auth-user: give the user name to authenticate as${given.length ? ` (${given.join(" and ")} need${given.length === 1 ? "s" : ""} it)` : ""}`);
  // The secret is read from the environment, never from argv, where ps and shell history would show it.
  const fromEnv = (option: string, name: string | undefined) => {
    if (!name) return undefined;
    const value = env[name];
    if (value === undefined) throw new UsageError(`${option}: environment variable ${name} is not set`);
    // Set but empty is a mistake (an export that did not happen as meant), not an empty secret to send.
    if (value === "") throw new UsageError(`${option}: environment variable ${name} is empty: put the secret in it`);
    return value;
  };
  const password = fromEnv("--auth-pass-env", passVar);
  const token = fromEnv("--auth-token-env", tokenVar);
  if (password === undefined && token === undefined) throw new UsageError("--auth-pass-env: name the environment variable that holds the password");
  return { username: user, password, token, mechanism: (mech as "auto" | undefined) ?? "auto" };
}

function readCa(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    throw new UsageError(`--trust-ca: cannot read ${path}`);
  }
}

/**
 * A number typed as plain decimal digits. Number() alone also reads 0x9DE, 2526.0 and 1e3, which no
 * one types for a port or a deadline on purpose.
 */
function digits(option: string, value: string, what: string, example: string): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`${option}: give ${what} in plain digits, like ${example}`);
  return Number(value);
}

function timeoutsFrom(value: string): { greetingMs: number; commandMs: number; dataEndMs: number } {
  const ms = digits("--timeout-ms", value, "a whole number of milliseconds from 100 to 300000", "20000");
  if (ms < 100 || ms > 300_000) throw new UsageError("--timeout-ms: give a whole number of milliseconds from 100 to 300000");
  return { greetingMs: ms, commandMs: ms, dataEndMs: ms };
}
