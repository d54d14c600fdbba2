import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { io as connect, type Socket } from "socket.io-client";
import { afterEach, describe, expect, it } from "vitest";
import { type SessionEvent, SessionEvent as SessionEventSchema } from "@/lib/schemas/events";
import type { ClientToServerEvents, ServerToClientEvents, StartAck } from "@/lib/socket-contract";
import { SQLITE_FILE_NAME } from "@/server/store/sqlite";
import { type AppServer, appDir, startAppServer } from "../../e2e/app-server";
import { type ScriptedServer, startScriptedServer } from "../fixtures/scripted-server";
import { requireTool } from "../support/requirements";

const build = requireTool(
  "HeloDesk build",
  () => existsSync(join(appDir(), "dist/server.mjs")) && existsSync(join(appDir(), ".next/BUILD_ID")),
  "run `npm run build` first (npm test builds before it runs vitest)",
);

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Resolves when `ready` is true, checking on every event; rejects after `ms`. */
function until(ms: number, what: string, subscribe: (check: () => void) => void, ready: () => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    const check = () => {
      if (!ready()) return;
      clearTimeout(timer);
      resolve();
    };
    subscribe(check);
    check();
  });
}

/** AppServer.stop waits for an exit; a process already killed has none left to give. */
function stopIfRunning(app: AppServer): Promise<void> | void {
  if (app.process.exitCode === null && app.process.signalCode === null) return app.stop();
}

describe.skipIf(build.skip)("a server killed mid-session", () => {
  const cleanup: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  it("keeps every event its client saw, and marks the session interrupted at the next start", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "helodesk-crash-"));
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
    // Greets, then never answers EHLO: the session stays open, waiting, until the kill.
    const smtp: ScriptedServer = await startScriptedServer({ replies: { EHLO: () => undefined } });
    cleanup.push(() => smtp.close());
    // DATABASE_URL empty: the SQLite store under dataDir even where CI exports a PostgreSQL URL.
    const env = { HELODESK_DATA_DIR: dataDir, DATABASE_URL: "", HELODESK_LOG_LEVEL: "info" };
    const first: AppServer = await startAppServer(env);
    cleanup.push(() => stopIfRunning(first));

    const client: Client = connect(first.url, { transports: ["websocket"], forceNew: true, reconnection: false });
    cleanup.push(() => void client.disconnect());
    const received: SessionEvent[] = [];
    const listeners: Array<() => void> = [];
    client.on("session:event", (m) => {
      received.push(m.event);
      for (const l of listeners) l();
    });
    const ack = await new Promise<StartAck>((resolve, reject) => {
      client.once("connect_error", reject);
      client.emit("session:start", { target: "127.0.0.1", port: smtp.port, profile: "ehlo", timeouts: { commandMs: 120_000, sessionMs: 300_000 } }, resolve);
    });
    if (!ack.ok) throw new Error(ack.error);
    await until(15_000, "the client to see HeloDesk wait for the EHLO reply", (c) => listeners.push(c), () =>
      received.some((e) => e.type === "wait" && e.command === "EHLO"));

    const exited = new Promise((resolve) => first.process.once("exit", resolve));
    first.process.kill("SIGKILL");
    await exited;

    const second = await startAppServer(env);
    cleanup.push(() => stopIfRunning(second));
    // The restart found the session left running and said so (pino writes asynchronously: wait for it).
    await until(10_000, "the restarted server to log one interrupted session", (c) => second.process.stdout!.on("data", c), () =>
      /"interrupted":1\b/.test(second.output.join("")));
    await second.stop();

    const db = new BetterSqlite3(join(dataDir, SQLITE_FILE_NAME), { readonly: true });
    cleanup.push(() => void db.close());
    const session = db.prepare("SELECT state, outcome, ended_at FROM sessions WHERE id = ?").get(ack.id) as Record<string, unknown>;
    expect(session).toMatchObject({ state: "interrupted", outcome: "error" });
    const rows = db.prepare("SELECT seq, json FROM events WHERE session_key = (SELECT key FROM sessions WHERE id = ?) ORDER BY seq").all(ack.id) as Array<{ seq: number; json: string }>;
    const stored = rows.map((r) => SessionEventSchema.parse(JSON.parse(r.json)));
    expect(stored.map((e) => e.seq)).toEqual(stored.map((_, i) => i));
    expect(received.length).toBeGreaterThanOrEqual(4);
    for (const event of received) expect(stored[event.seq]).toEqual(event);
  });
});
