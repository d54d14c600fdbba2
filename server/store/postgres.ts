import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import type { Database } from "./schema";

/** Where the database is, for logs: host, port and database name, never the user or password. */
export function describePostgresUrl(url: string): string {
  if (!URL.canParse(url)) return "the PostgreSQL URL (unparsable)";
  const u = new URL(url);
  return `postgresql://${u.hostname}${u.port ? `:${u.port}` : ""}${u.pathname}`;
}

export function openPostgres(url: string): Kysely<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 10_000 });
  // An idle connection dropped by the server must not crash the process: the next query fails and
  // its caller reports it; the pool opens a new connection after that.
  pool.on("error", () => {});
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/** The schema our tables live in: the first of the connection's search_path that exists. */
export async function currentSchema(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (!schema) throw new Error("no schema on the search_path exists; create one or set search_path for the DATABASE_URL user");
  return schema;
}
