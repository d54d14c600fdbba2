import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import type { Database } from "./schema";

export const SQLITE_FILE_NAME = "helodesk.db";

/** SQLite's "synchronous" values as `PRAGMA synchronous` reports them. */
export const SYNCHRONOUS_NORMAL = 1;

/**
 * Pragmas are per connection and partly per file, and a reopened file does not keep them all, so they
 * are set on every open:
 * - WAL: readers never block the writer, and a commit is one append to the -wal file.
 * - synchronous NORMAL: in WAL mode a commit has reached the OS (write(2) to the -wal file) when it
 *   returns, so SIGKILL or a crash of the process loses nothing committed; only an OS crash or power
 *   loss can drop the last commits (the file stays consistent). FULL would fsync on every event, and
 *   better-sqlite3 runs on the event loop: each fsync would stall every socket and SMTP session.
 * - busy_timeout: another process (a backup, the sqlite3 shell) holding a lock makes us wait, not fail.
 * - foreign_keys: off by default in SQLite; events of a removed session must not linger.
 * - secure_delete: a deleted or purged session's text is overwritten, not only unlinked; otherwise
 *   it stays readable in the file's free pages until they are reused (SECURITY.md promises a
 *   deleted session leaves only its tombstone). It costs writes on delete and purge, not on append.
 */
export function applyPragmas(sqlite: BetterSqlite3.Database): void {
  const mode = sqlite.pragma("journal_mode = WAL", { simple: true });
  if (mode !== "wal") throw new Error(`SQLite could not switch ${sqlite.name} to WAL mode (it stayed in ${String(mode)}); put HELODESK_DATA_DIR on a local file system`);
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("secure_delete = ON");
}

/** Opens (creating the directory and file when missing) the SQLite database under dataDir. */
export function openSqlite(dataDir: string): { db: Kysely<Database>; file: string } {
  const dir = resolve(dataDir);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new Error(`cannot create the data directory ${dir} (HELODESK_DATA_DIR): ${(err as Error).message}`, { cause: err });
  }
  const file = join(dir, SQLITE_FILE_NAME);
  let sqlite: BetterSqlite3.Database;
  try {
    sqlite = new BetterSqlite3(file);
  } catch (err) {
    throw new Error(`cannot open the SQLite database ${file}: ${(err as Error).message}`, { cause: err });
  }
  try {
    applyPragmas(sqlite);
  } catch (err) {
    sqlite.close();
    throw err;
  }
  return { db: new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) }), file };
}
