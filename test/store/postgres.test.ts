import { randomBytes } from "node:crypto";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { migrate, migrator } from "@/server/store/migrations";
import { openStore } from "@/server/store/open-store";
import { currentSchema } from "@/server/store/postgres";
import { requireTool } from "../support/requirements";
import { storeContract } from "./contract";
import type { StoreHarness } from "./support";

const DATABASE_URL = process.env.DATABASE_URL;

const postgres = requireTool(
  "PostgreSQL",
  () => /^postgres(ql)?:\/\//.test(DATABASE_URL ?? ""),
  "set DATABASE_URL=postgresql://user:password@127.0.0.1:5432/db to run the store tests on PostgreSQL too (.ci/run starts one)",
);

/** Each test gets its own schema, so tests (and parallel runs) never see each other's sessions. */
async function postgresHarness(): Promise<StoreHarness> {
  const schema = `helodesk_test_${randomBytes(6).toString("hex")}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE SCHEMA ${schema}`);
  const url = new URL(DATABASE_URL!);
  url.searchParams.set("options", `-c search_path=${schema}`);
  return {
    open: async () => (await openStore({ HELODESK_DATA_DIR: "./unused", DATABASE_URL: url.toString() })).store,
    migrate: async (store) => migrate(store.db, await currentSchema(store.db)),
    migrator: async (store) => migrator(store.db, await currentSchema(store.db)),
    dispose: () => admin(`DROP SCHEMA ${schema} CASCADE`),
  };
}

describe.skipIf(postgres.skip)("PostgreSQL store", () => {
  storeContract(postgresHarness);
});

describe.skipIf(postgres.skip)("PostgreSQL store location", () => {
  it("reports PostgreSQL with its host and database, never the password", async () => {
    const opened = await openStore({ HELODESK_DATA_DIR: "./unused", DATABASE_URL });
    await opened.store.close();
    const url = new URL(DATABASE_URL!);
    expect(opened).toMatchObject({ kind: "postgresql", location: `postgresql://${url.hostname}${url.port ? `:${url.port}` : ""}${url.pathname}` });
    expect(opened.location).not.toContain("@");
  });
});

describe("PostgreSQL that cannot be reached", () => {
  it("fails to open with a message naming DATABASE_URL, without the password", async () => {
    // Port 9 (discard) on loopback: nothing listens there, so the connection is refused at once.
    const opening = openStore({ HELODESK_DATA_DIR: "./unused", DATABASE_URL: "postgresql://helodesk:pa55-word@127.0.0.1:9/helodesk" });
    await expect(opening).rejects.toThrow(/DATABASE_URL/);
    await expect(opening).rejects.toThrow(/^(?!.*pa55-word)/s);
  });
});
