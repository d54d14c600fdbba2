import type { Config } from "@/server/config";
import { migrate } from "./migrations";
import { currentSchema, describePostgresUrl, openPostgres } from "./postgres";
import { KyselySessionStore } from "./session-store";
import { openSqlite } from "./sqlite";
import { SqliteWriter } from "./sqlite-writer";

export type StoreConfig = Pick<Config, "HELODESK_DATA_DIR" | "DATABASE_URL">;

export interface OpenedStore {
  store: KyselySessionStore;
  kind: "sqlite" | "postgresql";
  /** The SQLite file, or the PostgreSQL host and database without credentials: safe to log. */
  location: string;
}

/**
 * PostgreSQL when DATABASE_URL is set, otherwise SQLite under HELODESK_DATA_DIR; the schema is
 * migrated to the latest version before the store is handed out. Throws with a message naming the
 * setting to fix when the database cannot be opened.
 */
export async function openStore(config: StoreConfig): Promise<OpenedStore> {
  const opened = config.DATABASE_URL
    ? { db: openPostgres(config.DATABASE_URL), kind: "postgresql" as const, location: describePostgresUrl(config.DATABASE_URL), file: null }
    : (() => {
        const { db, file } = openSqlite(config.HELODESK_DATA_DIR);
        return { db, kind: "sqlite" as const, location: file, file };
      })();
  try {
    await migrate(opened.db, opened.kind === "postgresql" ? await currentSchema(opened.db) : undefined);
  } catch (err) {
    await opened.db.destroy().catch(() => {});
    const setting = opened.kind === "postgresql" ? "DATABASE_URL" : "HELODESK_DATA_DIR";
    throw new Error(`cannot open the session store at ${opened.location} (check ${setting}): ${(err as Error).message}`, { cause: err });
  }
  // Opened after the migrations, so the writer's statements find every table.
  let writer: SqliteWriter | undefined;
  try {
    writer = opened.file ? await SqliteWriter.start(opened.file) : undefined;
  } catch (err) {
    await opened.db.destroy().catch(() => {});
    throw err;
  }
  return { store: new KyselySessionStore(opened.db, writer), kind: opened.kind, location: opened.location };
}
