import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SessionEvent } from "@/lib/schemas/events";
import { SessionRequest, toPublicRequest } from "@/lib/schemas/request";
import type { SessionDocument } from "@/lib/schemas/session";
import { newSessionId } from "@/server/engine/session";
import { openStore } from "@/server/store/open-store";
import { hashDeleteToken } from "@/server/store/tokens";
import { log, section } from "./lib/section";
import { round } from "./lib/stats";

const LIVE = 2000;
const EVENTS_PER_STORED = 50;
const META = { deleteTokenHash: hashDeleteToken("bench-delete-token"), expiresAt: "2099-01-01T00:00:00.000Z" };
const REQUEST = toPublicRequest(SessionRequest.parse({ target: "127.0.0.1", port: 2525, profile: "interactive" }));
// About the size of a stored tick reply with its explanation (~600 characters of JSON).
const FILLER = "250 2.0.0 tick: the server answered a command the session did not send; ".repeat(7);

const event = (seq: number): SessionEvent => ({ seq, t: seq * 100, dt: 100, type: "note", level: "info", code: "bench", text: `${seq} ${FILLER}` });

function document(state: "running" | "finished", events: number): SessionDocument {
  return {
    version: 1,
    id: newSessionId(),
    target: "127.0.0.1",
    port: 2525,
    profile: "interactive",
    request: REQUEST,
    startedAt: new Date().toISOString(),
    endedAt: state === "finished" ? new Date().toISOString() : null,
    state,
    outcome: state === "finished" ? "pass" : null,
    closeReason: state === "finished" ? "quit" : null,
    events: Array.from({ length: events }, (_, i) => event(i)),
    checks: [],
  };
}

/**
 * The SQLite store as the fan-out uses it (openStore: migrations, the writer thread), on an empty file
 * and on one that already holds `stored` finished sessions of 50 events each, as a deployment does
 * after some weeks: 2,000 live sessions each append one event per round, all in one turn, as ticks
 * arriving together do; a round ends when every append of it is committed. Measured: wall time and
 * the process's CPU (the writer thread included) per appended event.
 */
async function level(stored: number, rounds: number, deadline: number) {
  const dir = mkdtempSync(join(tmpdir(), "helodesk-bench-store-"));
  const { store } = await openStore({ HELODESK_DATA_DIR: dir, DATABASE_URL: undefined });
  try {
    const fillStarted = performance.now();
    for (let i = 0; i < stored; i += 500) {
      await Promise.all(Array.from({ length: Math.min(500, stored - i) }, () => store.create(document("finished", EVENTS_PER_STORED), META)));
      if (performance.now() > deadline) throw new Error(`store: filling ${stored} sessions passed the time limit`);
    }
    const fillMs = performance.now() - fillStarted;
    const live = Array.from({ length: LIVE }, () => document("running", 1));
    await Promise.all(live.map((d) => store.create(d, META)));
    // Spread, as the live sessions' ticks are: no two neighbours in the index append one after the other.
    const order = live.map((_, i) => live[(i * 7919) % LIVE]!.id);
    let appended = 0;
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (let r = 1; r <= rounds && performance.now() < deadline; r++) {
      await Promise.all(order.map((id) => store.append(id, event(r))));
      appended += order.length;
    }
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    return { stored, appended, fillMs: round(fillMs, 0), wallUsPerEvent: round((ms * 1000) / appended, 2), cpuUsPerEvent: round((used.user + used.system) / appended, 2) };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** 6. The store's cost per stored event, on an empty file and on one a deployment has filled for weeks. */
section("store", 300_000, async ({ quick }) => {
  const deadline = performance.now() + (quick ? 60_000 : 240_000);
  const stored = quick ? 5000 : 20_000;
  const rounds = quick ? 15 : 40;
  const empty = await level(0, rounds, deadline);
  log(`store empty: ${empty.cpuUsPerEvent} µs CPU, ${empty.wallUsPerEvent} µs wall per event`);
  const full = await level(stored, rounds, deadline);
  log(`store with ${stored} sessions (filled in ${full.fillMs} ms): ${full.cpuUsPerEvent} µs CPU, ${full.wallUsPerEvent} µs wall per event`);
  const us = (x: number) => `${x.toFixed(1)} µs`;
  return {
    rows: [
      { metric: `append, ${LIVE} live sessions, empty store: CPU / wall per event`, value: `${us(empty.cpuUsPerEvent)} / ${us(empty.wallUsPerEvent)}` },
      { metric: `the same with ${stored.toLocaleString("en")} sessions stored: CPU / wall per event`, value: `${us(full.cpuUsPerEvent)} / ${us(full.wallUsPerEvent)}` },
      { metric: "stored / empty, CPU per event", value: (full.cpuUsPerEvent / empty.cpuUsPerEvent).toFixed(2) },
    ],
    levels: [empty, full],
  };
});
