import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import type { SessionEvent } from "@/lib/schemas/events";
import type { Session } from "@/server/engine/session";
import { openStore } from "@/server/store/open-store";
import { persistSession } from "@/server/web/persist-session";
import type { KyselySessionStore } from "@/server/store/session-store";
import { SQLITE_FILE_NAME } from "@/server/store/sqlite";
import { SqliteWriter } from "@/server/store/sqlite-writer";
import { meta, note, runningDocument } from "./support";

/** The SQLite store writes live sessions on a worker thread (server/store/sqlite-writer.ts). */
describe("SQLite writer thread", () => {
  const cleanup: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  function tempDir(): string {
    const dir = mkdtempSync(join(tmpdir(), "helodesk-writer-"));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
  }

  async function open(dir: string): Promise<KyselySessionStore> {
    const { store } = await openStore({ HELODESK_DATA_DIR: dir, DATABASE_URL: undefined });
    cleanup.push(() => store.close());
    return store;
  }

  /** What another process (a restarted server) would read right now. */
  function storedSeqs(dir: string, id: string): number[] {
    const db = new BetterSqlite3(join(dir, SQLITE_FILE_NAME), { readonly: true });
    try {
      return (db.prepare("SELECT seq FROM events WHERE session_key = (SELECT key FROM sessions WHERE id = ?) ORDER BY seq").all(id) as Array<{ seq: number }>).map((r) => r.seq);
    } finally {
      db.close();
    }
  }

  it("has committed an append by the time its promise resolves, so a killed server keeps every event shown", async () => {
    const dir = tempDir();
    const store = await open(dir);
    const doc = runningDocument({ events: [note(0)] });
    await store.create(doc, meta());
    expect(storedSeqs(dir, doc.id)).toEqual([0]);
    for (let seq = 1; seq <= 5; seq++) {
      await store.append(doc.id, note(seq));
      // Read through a separate connection, as the next process would after a SIGKILL.
      expect(storedSeqs(dir, doc.id)).toEqual(Array.from({ length: seq + 1 }, (_, i) => i));
    }
  });

  it("keeps each session's events in order when creates, appends and finishes of many sessions share turns", async () => {
    const dir = tempDir();
    const store = await open(dir);
    const docs = Array.from({ length: 20 }, () => runningDocument());
    await Promise.all(docs.map((d) => store.create(d, meta())));
    for (let turn = 0; turn < 5; turn++) {
      await Promise.all(docs.flatMap((d) => [0, 1].map((i) => store.append(d.id, note(turn * 2 + i, `${d.id} ${turn * 2 + i}`)))));
    }
    // Finished with two more events than were appended: finish fills in just those.
    await Promise.all(docs.map((d) => store.finish({ ...d, state: "finished", outcome: "pass", closeReason: "quit", endedAt: "2030-01-02T03:04:06.000Z", events: Array.from({ length: 12 }, (_, s) => note(s, `${d.id} ${s}`)) })));
    for (const d of docs) {
      const got = await store.get(d.id);
      if (got.status !== "found") throw new Error(got.status);
      expect(got.document.state).toBe("finished");
      expect(got.document.events.map((e) => (e.type === "note" ? e.text : ""))).toEqual(Array.from({ length: 12 }, (_, s) => `${d.id} ${s}`));
    }
  });

  it("commits in call order: an append made before its create has settled lands after the create, and persistSession delivers it only then", async () => {
    const dir = tempDir();
    const store = await open(dir);
    expect(store.ordered).toBe(true);
    const doc = runningDocument();
    const listeners = new Set<(e: SessionEvent) => void>();
    const session = { id: doc.id, document: () => doc, subscribe: (l: (e: SessionEvent) => void) => (listeners.add(l), () => listeners.delete(l)), done: new Promise(() => {}) } as unknown as Session;
    const persisted = persistSession(session, store, meta());
    const stored: number[][] = [];
    const delivered = new Promise<void>((resolve) =>
      persisted.subscribe((e) => {
        // Read through a separate connection at the moment a browser would be sent the event.
        stored.push(storedSeqs(dir, doc.id));
        if (e.seq === 1) resolve();
      }),
    );
    // In the same turn as the create: no wait for its commit before these are handed to the writer.
    for (const l of listeners) l(note(0));
    await new Promise<void>((resolve) => setImmediate(resolve));
    for (const l of listeners) l(note(1));
    await delivered;
    // An event row is only written when its session's row exists (the insert checks): each delivery
    // found the create committed and every event delivered so far (later ones may be in already).
    expect(stored).toHaveLength(2);
    expect(stored[0]).toContain(0);
    expect(stored[1]).toEqual([0, 1]);
  });

  it("lets writes already made land before close, and refuses writes after it", async () => {
    const dir = tempDir();
    const { store } = await openStore({ HELODESK_DATA_DIR: dir, DATABASE_URL: undefined });
    const doc = runningDocument();
    await store.create(doc, meta());
    const appended = Promise.all([0, 1, 2].map((seq) => store.append(doc.id, note(seq))));
    await store.close();
    await appended;
    expect(storedSeqs(dir, doc.id)).toEqual([0, 1, 2]);
    await expect(store.append(doc.id, note(3))).rejects.toThrow(/closed/);
  });

  it("fails to start with a message naming the file when the database has no tables to write to", async () => {
    const file = join(tempDir(), "empty.db");
    new BetterSqlite3(file).close();
    const err = await SqliteWriter.start(file).then(() => null, (e: Error) => e);
    expect(err?.message).toContain(`cannot start the SQLite writer for ${file}: `);
    expect(err?.message).toMatch(/no such table/);
  });
});
