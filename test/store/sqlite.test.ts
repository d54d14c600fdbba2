import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { sessionKeyMigration } from "@/server/store/migration-session-key";
import { migrate, migrator } from "@/server/store/migrations";
import { openStore } from "@/server/store/open-store";
import { SQLITE_FILE_NAME, SYNCHRONOUS_NORMAL } from "@/server/store/sqlite";
import { storeContract } from "./contract";
import { DELETE_TOKEN, type StoreHarness, meta, note, runningDocument } from "./support";

function sqliteHarness(): StoreHarness {
  const dir = mkdtempSync(join(tmpdir(), "helodesk-store-"));
  // A directory that does not exist yet: the store creates it.
  const dataDir = join(dir, "nested", "data");
  return {
    open: async () => (await openStore({ HELODESK_DATA_DIR: dataDir, DATABASE_URL: undefined })).store,
    migrate: (store) => migrate(store.db),
    migrator: async (store) => migrator(store.db),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

describe("SQLite store", () => {
  storeContract(async () => sqliteHarness());
});

describe("SQLite file", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it("is created under HELODESK_DATA_DIR and reopened with WAL and synchronous NORMAL set again", async () => {
    const dir = mkdtempSync(join(tmpdir(), "helodesk-store-"));
    dirs.push(dir);
    const first = await openStore({ HELODESK_DATA_DIR: dir, DATABASE_URL: undefined });
    expect(first).toMatchObject({ kind: "sqlite", location: join(dir, SQLITE_FILE_NAME) });
    const doc = runningDocument();
    await first.store.create(doc, meta());
    await first.store.append(doc.id, note(0));
    await first.store.close();

    const again = await openStore({ HELODESK_DATA_DIR: dir, DATABASE_URL: undefined });
    // Pragmas as the reopened connection sees them (a fresh connection would default to FULL).
    expect((await sql`PRAGMA journal_mode`.execute(again.store.db)).rows).toEqual([{ journal_mode: "wal" }]);
    expect((await sql`PRAGMA synchronous`.execute(again.store.db)).rows).toEqual([{ synchronous: SYNCHRONOUS_NORMAL }]);
    expect((await sql`PRAGMA foreign_keys`.execute(again.store.db)).rows).toEqual([{ foreign_keys: 1 }]);
    expect((await again.store.get(doc.id)).status).toBe("found");
    await again.store.close();

    // The WAL mode is recorded in the file itself, so any other reader sees it too.
    const raw = new BetterSqlite3(join(dir, SQLITE_FILE_NAME), { readonly: true });
    expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
    raw.close();
  });

  it("leaves nothing of a deleted or purged session readable in the file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "helodesk-store-"));
    dirs.push(dir);
    const { store } = await openStore({ HELODESK_DATA_DIR: dir, DATABASE_URL: undefined });
    const deleted = runningDocument({ id: "DeletedDeletedDeleted1" });
    const purged = runningDocument({ id: "PurgedPurgedPurgedPur1" });
    await store.create(deleted, meta());
    await store.create(purged, meta("2000-01-01T00:00:00.000Z"));
    for (let i = 0; i < 20; i++) {
      await store.append(deleted.id, note(i, `DELETED-MARKER-${i} the secret body line`));
      await store.append(purged.id, note(i, `PURGED-MARKER-${i} the secret body line`));
    }
    expect(await store.delete(deleted.id, DELETE_TOKEN)).toBe("deleted");
    expect(await store.purgeExpired()).toBe(1);
    await store.close();
    // Everything in the WAL copied back into the file, as a checkpoint would at any time.
    const raw = new BetterSqlite3(join(dir, SQLITE_FILE_NAME));
    raw.pragma("wal_checkpoint(TRUNCATE)");
    raw.close();
    const bytes = readFileSync(join(dir, SQLITE_FILE_NAME)).toString("latin1");
    expect(bytes).not.toContain("DELETED-MARKER");
    expect(bytes).not.toContain("PURGED-MARKER");
  });

  it("leaves a store already keyed as it is when the key migration runs again (a crash before Kysely recorded it)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "helodesk-store-"));
    dirs.push(dir);
    const { store } = await openStore({ HELODESK_DATA_DIR: dir, DATABASE_URL: undefined });
    const doc = runningDocument({ events: [note(0), note(1)] });
    await store.create(doc, meta());
    await sessionKeyMigration.up(store.db);
    expect(await store.get(doc.id)).toMatchObject({ status: "found", document: doc });
    await store.close();
  });

  it("says which setting to fix when the data directory cannot be created", async () => {
    const dir = mkdtempSync(join(tmpdir(), "helodesk-store-"));
    dirs.push(dir);
    const blocker = join(dir, "a-file");
    writeFileSync(blocker, "");
    await expect(openStore({ HELODESK_DATA_DIR: join(blocker, "data"), DATABASE_URL: undefined })).rejects.toThrow(/HELODESK_DATA_DIR/);
  });
});
