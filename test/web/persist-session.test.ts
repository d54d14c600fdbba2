import { describe, expect, it } from "vitest";
import { keptEventJson } from "@/lib/event-json";
import type { SessionEvent } from "@/lib/schemas/events";
import type { SessionDocument } from "@/lib/schemas/session";
import type { Session } from "@/server/engine/session";
import type { SessionStore } from "@/server/store/types";
import { persistSession } from "@/server/web/persist-session";
import { meta, note, runningDocument } from "../store/support";

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
  reject(err: Error): void;
}
function deferred(): Deferred {
  let settle!: Omit<Deferred, "promise">;
  const promise = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  return { promise, ...settle };
}

/** A session that emits what the test says, when it says. */
function fakeSession(doc: SessionDocument) {
  const listeners = new Set<(e: SessionEvent) => void>();
  const end = deferred();
  const session = {
    id: doc.id,
    document: () => doc,
    subscribe: (l: (e: SessionEvent) => void) => (listeners.add(l), () => listeners.delete(l)),
    done: end.promise.then(() => doc),
  } as unknown as Session;
  return { session, emit: (e: SessionEvent) => listeners.forEach((l) => l(e)), end: end.resolve };
}

/** A store whose create and every append are writes of their own, settled when the test says. */
function manualStore({ ordered = false, heldCreate = false } = {}) {
  const writes: Deferred[] = [];
  const finished: SessionDocument[] = [];
  const create = deferred();
  if (!heldCreate) create.resolve();
  const store = {
    ordered,
    create: () => create.promise,
    append: () => {
      const w = deferred();
      writes.push(w);
      return w.promise;
    },
    finish: async (d: SessionDocument) => void finished.push(d),
  } as unknown as SessionStore;
  return { store, writes, finished, create };
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("persistSession", () => {
  it("delivers events only once stored, in order, even when later writes settle first", async () => {
    const doc = runningDocument();
    const { session, emit } = fakeSession(doc);
    const { store, writes } = manualStore();
    const persisted = persistSession(session, store, meta());
    const seen: number[] = [];
    persisted.subscribe((e) => seen.push(e.seq));
    await turn();
    for (const seq of [0, 1, 2]) emit(note(seq));
    expect(writes).toHaveLength(3);
    writes[2]!.resolve();
    writes[1]!.resolve();
    await turn();
    expect(seen).toEqual([]);
    writes[0]!.resolve();
    await turn();
    expect(seen).toEqual([0, 1, 2]);
  });

  it("keeps each event's JSON from its write until its delivery, for the socket encoder, and not after", async () => {
    const doc = runningDocument();
    const { session, emit } = fakeSession(doc);
    const { store, writes } = manualStore();
    const persisted = persistSession(session, store, meta());
    const atDelivery: Array<string | undefined> = [];
    persisted.subscribe((e) => atDelivery.push(keptEventJson(e)));
    await turn();
    const event = note(0);
    emit(event);
    expect(keptEventJson(event)).toBe(JSON.stringify(event));
    writes[0]!.resolve();
    await turn();
    expect(atDelivery).toEqual([JSON.stringify(event)]);
    // A live session keeps its events: their JSON must not stay with them.
    expect(keptEventJson(event)).toBeUndefined();
  });

  it("still shows an event whose write failed, and writes the final state only after every delivery", async () => {
    const doc = runningDocument();
    const { session, emit, end } = fakeSession(doc);
    const { store, writes, finished } = manualStore();
    const persisted = persistSession(session, store, meta());
    const seen: number[] = [];
    persisted.subscribe((e) => seen.push(e.seq));
    await turn();
    emit(note(0));
    emit(note(1));
    end();
    await turn();
    expect(finished).toEqual([]);
    writes[0]!.reject(new Error("disk full"));
    writes[1]!.resolve();
    await persisted.done;
    expect(seen).toEqual([0, 1]);
    expect(finished.map((d) => d.id)).toEqual([doc.id]);
  });

  it("with a store that commits in call order, appends without waiting for the create, and still delivers only what is written", async () => {
    const doc = runningDocument();
    const { session, emit } = fakeSession(doc);
    const { store, writes } = manualStore({ ordered: true, heldCreate: true });
    const persisted = persistSession(session, store, meta());
    const seen: number[] = [];
    persisted.subscribe((e) => seen.push(e.seq));
    emit(note(0));
    expect(writes).toHaveLength(1);
    writes[0]!.resolve();
    await turn();
    expect(seen).toEqual([0]);
  });

  it("with any other store, holds appends until the create has settled", async () => {
    const doc = runningDocument();
    const { session, emit } = fakeSession(doc);
    const { store, writes, create } = manualStore({ heldCreate: true });
    const persisted = persistSession(session, store, meta());
    const seen: number[] = [];
    persisted.subscribe((e) => seen.push(e.seq));
    emit(note(0));
    emit(note(1));
    await turn();
    expect(writes).toHaveLength(0);
    create.resolve();
    await turn();
    expect(writes).toHaveLength(2);
    for (const w of writes) w.resolve();
    await turn();
    expect(seen).toEqual([0, 1]);
  });
});
