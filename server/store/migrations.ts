import { type Kysely, type Migration, type MigrationProvider, Migrator } from "kysely";
import { sessionKeyMigration } from "./migration-session-key";

/**
 * Versioned migrations, in code: the server is bundled into one file, so there is no migrations folder
 * to read at run time. Names sort in order; an applied migration is never edited, only followed.
 */
const MIGRATIONS: Record<string, Migration> = {
  "0001_sessions_events_tombstones": {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable("sessions")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("target", "text", (c) => c.notNull())
        .addColumn("port", "integer", (c) => c.notNull())
        .addColumn("profile", "text", (c) => c.notNull())
        .addColumn("state", "text", (c) => c.notNull())
        .addColumn("outcome", "text")
        .addColumn("close_reason", "text")
        .addColumn("started_at", "text", (c) => c.notNull())
        .addColumn("ended_at", "text")
        .addColumn("expires_at", "text", (c) => c.notNull())
        .addColumn("delete_token_hash", "text", (c) => c.notNull())
        .addColumn("request_json", "text", (c) => c.notNull())
        .addColumn("checks_json", "text", (c) => c.notNull())
        .execute();
      // markInterrupted and purgeExpired scan by these.
      await db.schema.createIndex("sessions_state").on("sessions").column("state").execute();
      await db.schema.createIndex("sessions_expires_at").on("sessions").column("expires_at").execute();
      await db.schema
        .createTable("events")
        .addColumn("session_id", "text", (c) => c.notNull().references("sessions.id").onDelete("cascade"))
        .addColumn("seq", "integer", (c) => c.notNull())
        .addColumn("json", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("events_pk", ["session_id", "seq"])
        .execute();
      await db.schema
        .createTable("tombstones")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("reason", "text", (c) => c.notNull())
        .addColumn("removed_at", "text", (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable("tombstones").execute();
      await db.schema.dropTable("events").execute();
      await db.schema.dropTable("sessions").execute();
    },
  },
  "0002_integer_session_key": sessionKeyMigration,
};

export const migrationProvider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/**
 * Brings the schema to the latest version; applying it again changes nothing. `schema` (PostgreSQL):
 * Kysely looks for its bookkeeping tables in every schema unless told which one, so a second copy
 * elsewhere in the database (another deployment, a test) would pass for ours.
 */
export async function migrate(db: Kysely<any>, schema?: string): Promise<string[]> {
  const { error, results } = await migrator(db, schema).migrateToLatest();
  if (error) throw new Error(`database migration failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

/** The migrator with our bookkeeping tables; tests use it to step back to an older schema. */
export function migrator(db: Kysely<any>, schema?: string): Migrator {
  return new Migrator({
    db,
    provider: migrationProvider,
    // Our own names: another Kysely app sharing the database keeps its own history.
    migrationTableName: "helodesk_migration",
    migrationLockTableName: "helodesk_migration_lock",
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
}
