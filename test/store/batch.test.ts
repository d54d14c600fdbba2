import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openStore } from "@/server/store/open-store";
import type { KyselySessionStore } from "@/server/store/session-store";
import { allRows, meta, note, runningDocument } from "./support";

/** Appends from many live sessions share one write per turn of the event loop (server/store/session-store.ts). */
describe("batched appends", () => {
  const cleanup: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  async function open(): Promise<KyselySessionStore> {
    const dir = mkdtempSync(join(tmpdir(), "helodesk-batch-"));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const { store } = await openStore({ HELODESK_DATA_DIR: dir, DATABASE_URL: undefined });
    cleanup.push(() => store.close());
    return store;
  }

  it("stores every event of many sessions appended in the same tick, each in its session and order", async () => {
    const store = await open();
    const docs = Array.from({ length: 30 }, () => runningDocument());
    await Promise.all(docs.map((d) => store.create(d, meta())));
    // 30 sessions x 40 events: more rows than one INSERT takes (500), all queued before any write.
    await Promise.all(docs.flatMap((d) => Array.from({ length: 40 }, (_, seq) => store.append(d.id, note(seq, `${d.id} ${seq}`)))));
    for (const d of docs) {
      const got = await store.get(d.id);
      expect(got.status).toBe("found");
      if (got.status !== "found") continue;
      expect(got.document.events.map((e) => (e.type === "note" ? e.text : ""))).toEqual(Array.from({ length: 40 }, (_, seq) => `${d.id} ${seq}`));
    }
  });

  it("skips the events of a session deleted meanwhile and still stores the others in the same batch", async () => {
    const store = await open();
    const kept = runningDocument();
    const gone = runningDocument();
    await store.create(kept, meta());
    await store.create(gone, meta());
    await store.delete(gone.id, "the-delete-token-shown-once");
    await Promise.all([store.append(gone.id, note(0)), store.append(kept.id, note(0)), store.append(kept.id, note(1))]);
    // Every event row there is, whichever session it points at.
    const events = (await allRows(store.db)).filter((r) => "session_key" in r);
    const { key } = await store.db.selectFrom("sessions").select("key").where("id", "=", kept.id).executeTakeFirstOrThrow();
    expect(events.map((r) => [r.session_key, r.seq])).toEqual([
      [key, 0],
      [key, 1],
    ]);
  });

  it("keeps an event appended twice once, as a single append does", async () => {
    const store = await open();
    const doc = runningDocument();
    await store.create(doc, meta());
    await Promise.all([store.append(doc.id, note(0, "first")), store.append(doc.id, note(0, "again"))]);
    const got = await store.get(doc.id);
    expect(got.status === "found" && got.document.events.map((e) => (e.type === "note" ? e.text : ""))).toEqual(["first"]);
  });
});
