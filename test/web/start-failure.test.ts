import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { appDir, serverNodeFlags } from "../../e2e/app-server";
import { requireTool } from "../support/requirements";

const build = requireTool(
  "HeloDesk build",
  () => existsSync(join(appDir(), "dist/server.mjs")) && existsSync(join(appDir(), ".next/BUILD_ID")),
  "run `npm run build` first (npm test builds before it runs vitest)",
);

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const step of cleanup.splice(0).reverse()) step();
});

/** Runs the production server (dist/server.mjs) until it exits by itself; killed after 30 s. */
function runServer(env: Record<string, string>): Promise<Exit> {
  const dataDir = mkdtempSync(join(tmpdir(), "helodesk-start-"));
  cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...serverNodeFlags(), "dist/server.mjs"], {
      cwd: appDir(),
      env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", HOST: "127.0.0.1", DATABASE_URL: "", HELODESK_DATA_DIR: dataDir, HELODESK_LOG_LEVEL: "warn", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A loopback port this test holds open, so the server cannot have it. */
async function heldPort(): Promise<number> {
  const holder = net.createServer();
  await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
  cleanup.push(() => holder.close());
  return (holder.address() as net.AddressInfo).port;
}

describe.skipIf(build.skip)("a server that cannot start", () => {
  it("says in one line that the port is in use, naming PORT, and exits 1, not 0", async () => {
    const port = await heldPort();
    const r = await runServer({ PORT: String(port) });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`helodesk: cannot listen on 127.0.0.1:${port}: the port is in use (PORT): stop the program that holds it, or choose another PORT\n`);
    expect(r.stdout).not.toMatch(/uncaughtException|EADDRINUSE|\n\s+at /);
  });

  it("warns about a misspelt setting, naming the one it is near, and starts anyway", async () => {
    const port = await heldPort();
    const r = await runServer({ PORT: String(port), HELODESK_PUBLC: "1" });
    const warnings = r.stdout.split("\n").filter((l) => l.includes("not a HeloDesk setting")).map((l) => JSON.parse(l) as { level: number; msg: string });
    expect(warnings).toEqual([expect.objectContaining({ level: 40, msg: "HELODESK_PUBLC is not a HeloDesk setting and is ignored: did you mean HELODESK_PUBLIC?" })]);
    // It went on to listen: only the held port stopped it.
    expect(r.stderr).toMatch(/the port is in use/);
  });

  it.each([
    ["HOST", "not a host", /^helodesk: invalid setting: HOST must be an IP address or a host name/],
    ["HELODESK_LOG_LEVEL", "verbose", /^helodesk: invalid setting: HELODESK_LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent\n$/],
    ["REDIS_URL", "redis://:S3cretPassw0rd@127.0.0.1:99999", /^helodesk: invalid setting: REDIS_URL must be a Redis URL/],
    ["HELODESK_DNS_SERVERS", "127.0.0.1:0", /^helodesk: invalid setting: HELODESK_DNS_SERVERS: "127.0.0.1:0" is not a DNS server/],
  ])("stops at once on %s=%s with exit 2 and a line naming it, no stack trace or secret", async (name, value, message) => {
    const r = await runServer({ PORT: "0", [name]: value });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout + r.stderr).not.toMatch(/S3cretPassw0rd|\n\s+at /);
  });
});
