import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type { NewSessionRow, SessionsTable } from "./schema";

/** An event as a row: serialised on this thread, so the worker only binds strings. */
export type EventRow = { seq: number; json: string };
export type FinalColumns = Pick<SessionsTable, "state" | "outcome" | "close_reason" | "ended_at" | "checks_json">;

export type WriteOp =
  | { op: "create"; row: NewSessionRow; events: EventRow[] }
  | { op: "append"; id: string; seq: number; json: string }
  | { op: "finish"; id: string; final: FinalColumns; events: EventRow[] };

/**
 * One turn's writes. Appends travel as three flat arrays of strings and numbers: no object per event
 * for the structured clone to walk. Applied as creates, appends, finishes: a store user creates
 * a session before appending to it and finishes it after (persist-session waits for each), so this
 * order is the order they were made in.
 */
interface Batch {
  n: number;
  ops: Array<Exclude<WriteOp, { op: "append" }>>;
  ids: string[];
  seqs: number[];
  jsons: string[];
}

type Reply = { type: "ready" } | { type: "broken"; message: string } | { type: "written"; n: number } | { type: "failed"; n: number; message: string } | { type: "closed" };

/**
 * The worker's whole program. Only its source text is used (an eval worker), so it works the same from
 * the TypeScript sources (tests), dist/server.mjs and the bench bundles: it must not use anything from
 * the module around it, and gets `require` as a parameter (bundlers rename the free identifier).
 * The same SQL as rows.ts: an event of a session gone (deleted) is skipped, one already stored is kept.
 */
function writerProgram(load: NodeJS.Require): void {
  const { parentPort, workerData } = load("node:worker_threads") as typeof import("node:worker_threads");
  const Database = load(workerData.driver) as typeof import("better-sqlite3");
  let db: import("better-sqlite3").Database;
  let createSession: import("better-sqlite3").Statement, finishSession: import("better-sqlite3").Statement, insertEvent: import("better-sqlite3").Statement;
  try {
    db = new Database(workerData.file);
    // Per connection (sqlite.ts explains each); a commit here has reached the OS when it returns.
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("busy_timeout = 5000");
    db.pragma("foreign_keys = ON");
    db.pragma("secure_delete = ON");
    // Checkpoint every 4,000 WAL pages (16 MB) instead of 1,000: this connection makes nearly every
    // commit, and each event rewrites a whole page or two, so a checkpoint copies back pages written
    // many times over. Measured on its own: ~25 % less CPU per stored event (docs/performance.md).
    db.pragma("wal_autocheckpoint = 4000");
    const cols = ["id", "target", "port", "profile", "state", "outcome", "close_reason", "started_at", "ended_at", "expires_at", "delete_token_hash", "request_json", "checks_json"];
    createSession = db.prepare(`INSERT INTO sessions (${cols.join(", ")}) VALUES (${cols.map((c) => `@${c}`).join(", ")})`);
    finishSession = db.prepare("UPDATE sessions SET state = @state, outcome = @outcome, close_reason = @close_reason, ended_at = @ended_at, checks_json = @checks_json WHERE id = @id");
    // No row when the session is gone (deleted while running): nothing is written for it.
    insertEvent = db.prepare("INSERT INTO events (session_key, seq, json) SELECT key, ?, ? FROM sessions WHERE id = ? ON CONFLICT (session_key, seq) DO NOTHING");
  } catch (err) {
    // Said in words: an error crossing threads keeps only its own properties (SqliteError: its code).
    parentPort!.postMessage({ type: "broken", message: err instanceof Error ? err.message : String(err) });
    return;
  }
  const apply = db.transaction((b: Batch) => {
    for (const o of b.ops) {
      if (o.op !== "create") continue;
      createSession.run(o.row);
      for (const e of o.events) insertEvent.run(e.seq, e.json, o.row.id);
    }
    for (let i = 0; i < b.ids.length; i++) insertEvent.run(b.seqs[i], b.jsons[i], b.ids[i]);
    for (const o of b.ops) {
      if (o.op !== "finish" || finishSession.run({ id: o.id, ...o.final }).changes === 0) continue;
      for (const e of o.events) insertEvent.run(e.seq, e.json, o.id);
    }
  });
  parentPort!.postMessage({ type: "ready" });
  parentPort!.on("message", (m: Batch | { close: true }) => {
    if ("close" in m) {
      db.close();
      parentPort!.postMessage({ type: "closed" });
      return;
    }
    try {
      apply(m);
      parentPort!.postMessage({ type: "written", n: m.n });
    } catch (err) {
      parentPort!.postMessage({ type: "failed", n: m.n, message: err instanceof Error ? err.message : String(err) });
    }
  });
}

/** A thread's error arrives as a copy, and a custom class (SqliteError) as a plain object; an exit as its code. */
function asError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  if (typeof thrown === "number") return new Error(`the SQLite writer thread stopped (exit code ${thrown})`);
  const message = (thrown as { message?: unknown } | null)?.message;
  return new Error(typeof message === "string" ? message : "the SQLite writer thread failed");
}

/**
 * Writes sessions and their events on a worker thread with its own SQLite connection. At a thousand
 * live sessions the inserts and commits took a quarter of the event loop (docs/performance.md); here
 * they take none of it. Writes made in one turn of the event loop go as one message and one
 * transaction (more turns' worth while the worker is still busy with the last one), and every promise
 * of a batch settles once it is committed, so a caller that waits
 * (persist-session) still shows nothing that is not stored. A failed transaction rejects all of them.
 */
export class SqliteWriter {
  private readonly worker: Worker;
  /** The batch being filled; `due` once the turn that started it has ended. */
  private batch: { message: Batch; written: Promise<void>; due: boolean } | null = null;
  /** The batch the worker is writing, if any: one at a time. */
  private sending: number | null = null;
  private readonly waiting = new Map<number, { written: Promise<void>; resolve(): void; reject(err: Error): void }>();
  private next = 0;
  private stopped: Error | null = null;
  private closed: Promise<void> | null = null;

  /** Resolves once the worker has opened the file and prepared its statements; rejects saying why not. */
  static start(file: string): Promise<SqliteWriter> {
    const writer = new SqliteWriter(file);
    return new Promise((resolve, reject) => {
      const onReady = (reply: Reply) => {
        if (reply.type === "ready") done(null);
        else if (reply.type === "broken") done(new Error(reply.message));
      };
      const onStop = (err: unknown) => done(asError(err));
      const done = (err: Error | null) => {
        writer.worker.off("message", onReady).off("error", onStop).off("exit", onStop);
        if (err) reject(new Error(`cannot start the SQLite writer for ${file}: ${err.message}`, { cause: err }));
        else resolve(writer);
      };
      writer.worker.on("message", onReady).on("error", onStop).on("exit", onStop);
    });
  }

  private constructor(file: string) {
    const driver = createRequire(import.meta.url).resolve("better-sqlite3");
    // A small young generation: the worker only unpacks a batch and drops it, and every megabyte of
    // nursery is resident memory the live sessions could use.
    this.worker = new Worker(`(${writerProgram.toString()})(require)`, { eval: true, workerData: { file, driver }, resourceLimits: { maxYoungGenerationSizeMb: 8 } });
    this.worker.on("message", (reply: Reply) => {
      if (reply.type === "ready") return void this.worker.unref();
      if (reply.type === "closed" || reply.type === "broken") return;
      const w = this.waiting.get(reply.n);
      this.waiting.delete(reply.n);
      // Idle, the worker must not keep the process alive; with writes pending it must.
      if (this.waiting.size === 0) this.worker.unref();
      if (reply.type === "written") w?.resolve();
      else w?.reject(new Error(`SQLite write failed: ${reply.message}`));
      if (reply.n === this.sending) this.sending = null;
      this.send();
    });
    this.worker.on("error", (err) => this.stop(asError(err)));
    this.worker.on("exit", (code) => this.stop(asError(code)));
  }

  /** Settles when the transaction holding this write (and the rest of its batch) is committed. */
  write(op: WriteOp): Promise<void> {
    if (this.stopped) return Promise.reject(this.stopped);
    if (this.closed) return Promise.reject(new Error("the session store is closed"));
    if (!this.batch) {
      const n = this.next++;
      const message: Batch = { n, ops: [], ids: [], seqs: [], jsons: [] };
      let settle!: { resolve(): void; reject(err: Error): void };
      const written = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
      // Nobody may be listening (close() waits on it too): an unhandled rejection must not crash.
      written.catch(() => {});
      this.waiting.set(n, { written, ...settle });
      const batch = { message, written, due: false };
      this.batch = batch;
      setImmediate(() => {
        batch.due = true;
        this.send();
      });
    }
    const m = this.batch.message;
    if (op.op === "append") {
      m.ids.push(op.id);
      m.seqs.push(op.seq);
      m.jsons.push(op.json);
    } else m.ops.push(op);
    return this.batch.written;
  }

  /**
   * Hands the batch to the worker once its turn has ended, unless the worker is still writing the one
   * before: then the batch keeps growing until that commit comes back (group commit). A busy server
   * thus makes fewer, larger transactions and messages instead of queueing one per event-loop turn.
   */
  private send(): void {
    const batch = this.batch;
    if (!batch?.due || this.sending !== null || this.stopped) return;
    this.batch = null;
    this.sending = batch.message.n;
    this.worker.ref();
    this.worker.postMessage(batch.message);
  }

  /** Lets every write already made commit, then closes the worker's connection and the thread. */
  close(): Promise<void> {
    this.closed ??= (async () => {
      while (this.batch || this.waiting.size > 0) {
        await Promise.allSettled([this.batch?.written, ...[...this.waiting.values()].map((w) => w.written)]);
      }
      if (this.stopped) return;
      const closed = new Promise<void>((resolve) => this.worker.once("message", (reply: Reply) => reply.type === "closed" && resolve()));
      this.worker.ref();
      this.worker.postMessage({ close: true });
      await closed;
      await this.worker.terminate();
    })();
    return this.closed;
  }

  private stop(err: Error): void {
    this.stopped ??= err;
    // Never to be sent: its promise is rejected below with the rest.
    this.batch = null;
    for (const w of this.waiting.values()) w.reject(this.stopped);
    this.waiting.clear();
  }
}
