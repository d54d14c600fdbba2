import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SessionRequestInput } from "@/lib/schemas/request";
import type { KyselySessionStore } from "@/server/store/session-store";
import { hashDeleteToken } from "@/server/store/tokens";
import { SessionRegistry } from "@/server/web/session-registry";
import { type ScriptedServer, startScriptedServer } from "../fixtures/scripted-server";
import { loopbackRequest, testDeps } from "../support/engine";
import { DELETE_TOKEN, type StoreHarness, allRows, finishAware, meta, note, runningDocument } from "./support";

const PASSWORD = "Store-S3cret-Pa55!";
const DAY = 86_400_000;

/** The behaviour every store must show, whatever the database under it. */
export function storeContract(makeHarness: () => Promise<StoreHarness>): void {
  let harness: StoreHarness;
  let store: KyselySessionStore;
  let smtp: ScriptedServer | null = null;
  let registry: SessionRegistry | null = null;

  beforeEach(async () => {
    harness = await makeHarness();
    store = await harness.open();
  });

  afterEach(async () => {
    await registry?.closeAll();
    registry = null;
    await smtp?.close();
    smtp = null;
    await store.close();
    await harness.dispose();
  });

  /** The integer key the database gave a session: its events point at it. */
  const keyOf = async (id: string) => (await store.db.selectFrom("sessions").select("key").where("id", "=", id).executeTakeFirstOrThrow()).key;

  /** Runs a real engine session against a scripted server through the registry, persisted to the store. */
  async function runThroughRegistry(extra: Partial<SessionRequestInput> = {}, replies = {}) {
    smtp = await startScriptedServer({ replies });
    const aware = finishAware(store);
    registry = new SessionRegistry({ deps: testDeps({ ports: [smtp.port] }), store: aware.store }, { retentionDays: 30 });
    const before = Date.now();
    const started = await registry.start(loopbackRequest(smtp.port, extra), { ip: "127.0.0.1", via: "rest" });
    if (!started.ok) throw new Error(started.error);
    const doc = await started.entry.session.done;
    await aware.finished(doc.id);
    return { doc, deleteToken: started.deleteToken, before, after: Date.now() };
  }

  describe("round trip", () => {
    it("stores a session run through the registry exactly as the engine's final document", async () => {
      const { doc, deleteToken, before, after } = await runThroughRegistry({ profile: "ehlo" });
      expect(doc.events.length).toBeGreaterThan(5);
      const stored = await store.get(doc.id);
      if (stored.status !== "found") throw new Error(`expected the session, got ${stored.status}`);
      expect(stored.document).toEqual(doc);
      expect(stored.meta.deleteTokenHash).toBe(hashDeleteToken(deleteToken));
      const expires = Date.parse(stored.meta.expiresAt);
      expect(expires).toBeGreaterThanOrEqual(before + 30 * DAY);
      expect(expires).toBeLessThanOrEqual(after + 30 * DAY);
    });

    it("answers missing for an id it never saw", async () => {
      expect(await store.get("never-seen-id")).toEqual({ status: "missing" });
    });
  });

  describe("append", () => {
    it("keeps events in seq order, and ignores a second event with a seq already stored", async () => {
      const doc = runningDocument();
      await store.create(doc, meta());
      await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map((seq) => store.append(doc.id, note(seq))));
      await store.append(doc.id, note(3, "a replay of seq 3"));
      const stored = await store.get(doc.id);
      if (stored.status !== "found") throw new Error(stored.status);
      expect(stored.document.events.map((e) => e.seq)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      expect(stored.document.events[3]).toEqual(note(3));
      expect(stored.document.state).toBe("running");
    });

    it("finish records the final state and fills in events whose append was lost", async () => {
      const doc = runningDocument();
      await store.create(doc, meta());
      await store.append(doc.id, note(0));
      const final = { ...doc, state: "finished" as const, outcome: "pass" as const, closeReason: "quit" as const, endedAt: "2030-01-02T03:04:06.000Z", events: [note(0), note(1), note(2)] };
      await store.finish(final);
      expect(await store.get(doc.id)).toMatchObject({ status: "found", document: final });
    });
  });

  describe("reopen and migrations", () => {
    it("keeps every session across a close and reopen", async () => {
      const doc = runningDocument({ events: [note(0)] });
      await store.create(doc, meta());
      await store.append(doc.id, note(1));
      await store.close();
      store = await harness.open();
      expect(await store.get(doc.id)).toMatchObject({ status: "found", document: { ...doc, events: [note(0), note(1)] } });
    });

    it("applies migrations once: migrating again, or opening again, changes nothing", async () => {
      expect(await harness.migrate(store)).toEqual([]);
      await store.close();
      store = await harness.open();
      expect(await harness.migrate(store)).toEqual([]);
    });
  });

  describe("schema versions", () => {
    it("moves the sessions and events of a first-version store to integer session keys, and back", async () => {
      const finished = runningDocument({ state: "finished", outcome: "pass", closeReason: "quit", endedAt: "2030-01-02T03:04:09.000Z", events: [note(0), note(1)] });
      const running = runningDocument({ events: [note(0)] });
      await store.create(finished, meta());
      await store.create(running, meta());
      await store.append(running.id, note(1));

      const migrator = await harness.migrator(store);
      const back = await migrator.migrateTo("0001_sessions_events_tombstones");
      expect(back.error).toBeUndefined();
      expect(back.results?.map((r) => [r.migrationName, r.direction, r.status])).toEqual([["0002_integer_session_key", "Down", "Success"]]);
      // The first version's shape: events point at the session's id, and sessions have no key.
      const oldEvents = await sql<{ session_id: string; seq: number }>`SELECT session_id, seq FROM events ORDER BY session_id, seq`.execute(store.db);
      expect(oldEvents.rows).toEqual(
        [finished.id, finished.id, running.id, running.id].map((id, i) => ({ session_id: id, seq: i % 2 })).sort((a, b) => (a.session_id < b.session_id ? -1 : a.session_id > b.session_id ? 1 : a.seq - b.seq)),
      );
      expect(Object.keys((await sql`SELECT * FROM sessions`.execute(store.db)).rows[0] as object)).not.toContain("key");
      // A session written by the first version itself.
      const legacy = runningDocument({ events: [note(0), note(1), note(2)] });
      await sql`INSERT INTO sessions (id, target, port, profile, state, outcome, close_reason, started_at, ended_at, expires_at, delete_token_hash, request_json, checks_json)
        VALUES (${legacy.id}, ${legacy.target}, ${legacy.port}, ${legacy.profile}, 'running', NULL, NULL, ${legacy.startedAt}, NULL, ${meta().expiresAt},
          ${meta().deleteTokenHash}, ${JSON.stringify(legacy.request)}, '[]')`.execute(store.db);
      for (const e of legacy.events) await sql`INSERT INTO events (session_id, seq, json) VALUES (${legacy.id}, ${e.seq}, ${JSON.stringify(e)})`.execute(store.db);

      expect(await harness.migrate(store)).toEqual(["0002_integer_session_key"]);
      for (const doc of [finished, running, legacy]) expect(await store.get(doc.id)).toMatchObject({ status: "found", document: doc.id === running.id ? { ...doc, events: [note(0), note(1)] } : doc });
      const keys = await Promise.all([finished, running, legacy].map((d) => keyOf(d.id)));
      expect(new Set(keys).size).toBe(3);
      for (const key of keys) expect(Number.isInteger(key)).toBe(true);
      // And the store writes in the new shape: an append, a new session, a delete that takes its events.
      await store.append(legacy.id, note(3));
      expect(await store.get(legacy.id)).toMatchObject({ document: { events: [...legacy.events, note(3)] } });
      const fresh = runningDocument({ events: [note(0)] });
      await store.create(fresh, meta());
      expect(keys).not.toContain(await keyOf(fresh.id));
      expect(await store.delete(legacy.id, DELETE_TOKEN)).toBe("deleted");
      expect((await allRows(store.db)).filter((r) => r.session_key === keys[2])).toEqual([]);
    });
  });

  describe("markInterrupted", () => {
    it("marks sessions left running as interrupted, readable up to their last event, once", async () => {
      const running = runningDocument();
      await store.create(running, meta());
      for (const seq of [0, 1, 2]) await store.append(running.id, note(seq, `event ${seq}`, 100 + seq * 250));
      const finished = runningDocument({ state: "finished", outcome: "pass", closeReason: "quit", endedAt: "2030-01-02T03:04:09.000Z" });
      await store.create(finished, meta());
      expect(await store.markInterrupted()).toBe(1);
      expect(await store.markInterrupted()).toBe(0);
      const stored = await store.get(running.id);
      if (stored.status !== "found") throw new Error(stored.status);
      expect(stored.document).toMatchObject({ state: "interrupted", outcome: "error", closeReason: null, endedAt: "2030-01-02T03:04:05.600Z" });
      expect(stored.document.events.map((e) => e.seq)).toEqual([0, 1, 2]);
      expect(await store.get(finished.id)).toMatchObject({ status: "found", document: finished });
    });
  });

  describe("expiry", () => {
    it("answers expired once expiresAt has passed, purges the data and keeps only a tombstone", async () => {
      const now = new Date();
      const old = runningDocument({ events: [note(0), note(1)] });
      const fresh = runningDocument({ events: [note(0)] });
      await store.create(old, meta(new Date(now.getTime() - 1000).toISOString()));
      await store.create(fresh, meta(new Date(now.getTime() + DAY).toISOString()));
      expect(await store.get(old.id)).toEqual({ status: "expired" });
      const oldKey = await keyOf(old.id);
      expect(await store.purgeExpired(now)).toBe(1);
      expect(await store.purgeExpired(now)).toBe(0);
      expect(await store.get(old.id)).toEqual({ status: "expired" });
      const rows = await allRows(store.db);
      expect(rows.filter((r) => r.id === old.id || r.session_key === oldKey)).toEqual([{ id: old.id, reason: "expired", removed_at: now.toISOString() }]);
      expect(await store.get(fresh.id)).toMatchObject({ status: "found", document: { events: [note(0)] } });
    });
  });

  describe("delete", () => {
    it("refuses a wrong token and keeps the session", async () => {
      const doc = runningDocument({ events: [note(0)] });
      await store.create(doc, meta());
      expect(await store.delete(doc.id, "not-the-token")).toBe("forbidden");
      expect(await store.delete(doc.id, "")).toBe("forbidden");
      expect((await store.get(doc.id)).status).toBe("found");
    });

    it("removes the session and its events at once with the right token; its link then answers deleted", async () => {
      const doc = runningDocument({ events: [note(0), note(1)] });
      await store.create(doc, meta());
      const key = await keyOf(doc.id);
      expect(await store.delete(doc.id, DELETE_TOKEN)).toBe("deleted");
      expect(await store.get(doc.id)).toEqual({ status: "deleted" });
      expect(await store.delete(doc.id, DELETE_TOKEN)).toBe("missing");
      expect(await store.delete("never-seen-id", DELETE_TOKEN)).toBe("missing");
      const rows = await allRows(store.db);
      expect(rows.filter((r) => r.id === doc.id || r.session_key === key)).toEqual([{ id: doc.id, reason: "deleted", removed_at: expect.any(String) }]);
      // A late append or finish from the still-running engine must not bring anything back.
      await store.append(doc.id, note(2));
      await store.finish({ ...doc, state: "finished", outcome: "pass", closeReason: "quit", endedAt: doc.startedAt });
      expect(await allRows(store.db)).toHaveLength(1);
    });
  });

  describe("secrets", () => {
    it("stores no AUTH password and no delete token in any column of any row", async () => {
      const { doc, deleteToken } = await runThroughRegistry(
        { profile: "auth", auth: { username: "helpdesk@helodesk.test", password: PASSWORD, mechanism: "PLAIN" } },
        { EHLO: "250-fixture.helodesk.test\r\n250 AUTH PLAIN LOGIN", AUTH: "235 2.7.0 Authentication successful" },
      );
      expect(doc.checks.find((c) => c.id === "auth")?.status).toBe("pass");
      const b64 = (s: string) => Buffer.from(s).toString("base64");
      const secrets = [PASSWORD, b64(PASSWORD), b64(`\0helpdesk@helodesk.test\0${PASSWORD}`), deleteToken];
      const text = JSON.stringify(await allRows(store.db));
      expect(text).toContain("helpdesk@helodesk.test");
      for (const secret of secrets) expect(text).not.toContain(secret);
    });
  });
}
