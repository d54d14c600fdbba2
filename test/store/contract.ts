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
      expect(await store.purgeExpired(now)).toBe(1);
      expect(await store.purgeExpired(now)).toBe(0);
      expect(await store.get(old.id)).toEqual({ status: "expired" });
      const rows = await allRows(store.db);
      expect(rows.filter((r) => r.id === old.id || r.session_id === old.id)).toEqual([{ id: old.id, reason: "expired", removed_at: now.toISOString() }]);
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
      expect(await store.delete(doc.id, DELETE_TOKEN)).toBe("deleted");
      expect(await store.get(doc.id)).toEqual({ status: "deleted" });
      expect(await store.delete(doc.id, DELETE_TOKEN)).toBe("missing");
      expect(await store.delete("never-seen-id", DELETE_TOKEN)).toBe("missing");
      const rows = await allRows(store.db);
      expect(rows.filter((r) => r.id === doc.id || r.session_id === doc.id)).toEqual([{ id: doc.id, reason: "deleted", removed_at: expect.any(String) }]);
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
