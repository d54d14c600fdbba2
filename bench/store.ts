import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore } from "@/server/store/open-store";
import { log, section } from "./lib/section";
import { BENCH_META, benchDocument, benchEvent, fillStore } from "./lib/stored-sessions";
import { round } from "./lib/stats";

const LIVE = 2000;
/**
 * Rows per transaction in the fan-out at K=2,000: ~25 on average (docs/performance.md, ninth round),
 * against the LIVE rows of one whole round; the writer's cost per row is higher in small transactions.
 */
const FANOUT_BATCH = 25;

/**
 * The SQLite store as the fan-out uses it (openStore: migrations, the writer thread), on an empty file
 * and on one that already holds `stored` finished sessions of 50 events each, as a deployment does
 * after some weeks: 2,000 live sessions each append one event per round, all in one turn, as ticks
 * arriving together do (or `perTurn` at a time, each group committed before the next, as the fan-out's
 * small transactions are); a round ends when every append of it is committed. Measured: wall time and
 * the process's CPU (the writer thread included) per appended event.
 */
async function level(stored: number, rounds: number, deadline: number, perTurn = LIVE) {
  const dir = mkdtempSync(join(tmpdir(), "helodesk-bench-store-"));
  const { store } = await openStore({ HELODESK_DATA_DIR: dir, DATABASE_URL: undefined });
  try {
    const fillStarted = performance.now();
    await fillStore(store, stored, deadline);
    const fillMs = performance.now() - fillStarted;
    const live = Array.from({ length: LIVE }, () => benchDocument("running", 1));
    await Promise.all(live.map((d) => store.create(d, BENCH_META)));
    // Spread, as the live sessions' ticks are: no two neighbours in the index append one after the other.
    const order = live.map((_, i) => live[(i * 7919) % LIVE]!.id);
    let appended = 0;
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (let r = 1; r <= rounds && performance.now() < deadline; r++) {
      for (let i = 0; i < order.length; i += perTurn) {
        await Promise.all(order.slice(i, i + perTurn).map((id) => store.append(id, benchEvent(r))));
      }
      appended += order.length;
    }
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    return { stored, perTurn, appended, fillMs: round(fillMs, 0), wallUsPerEvent: round((ms * 1000) / appended, 2), cpuUsPerEvent: round((used.user + used.system) / appended, 2) };
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
  const small = await level(0, rounds, deadline, FANOUT_BATCH);
  log(`store empty, ${FANOUT_BATCH} appends at a time: ${small.cpuUsPerEvent} µs CPU, ${small.wallUsPerEvent} µs wall per event`);
  const us = (x: number) => `${x.toFixed(1)} µs`;
  return {
    rows: [
      { metric: `append, ${LIVE} live sessions, empty store: CPU / wall per event`, value: `${us(empty.cpuUsPerEvent)} / ${us(empty.wallUsPerEvent)}` },
      { metric: `the same with ${stored.toLocaleString("en")} sessions stored: CPU / wall per event`, value: `${us(full.cpuUsPerEvent)} / ${us(full.wallUsPerEvent)}` },
      { metric: "stored / empty, CPU per event", value: (full.cpuUsPerEvent / empty.cpuUsPerEvent).toFixed(2) },
      { metric: `the same, empty store, ${FANOUT_BATCH} appends committed at a time (the fan-out's transactions): CPU / wall per event`, value: `${us(small.cpuUsPerEvent)} / ${us(small.wallUsPerEvent)}` },
    ],
    levels: [empty, full, small],
  };
});
