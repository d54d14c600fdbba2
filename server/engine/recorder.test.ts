import { describe, expect, it } from "vitest";
import type { SessionEvent } from "@/lib/schemas/events";
import { Recorder } from "./recorder";

const note = (code: string) => ({ type: "note", level: "info", code, text: code }) as const;

/** A clock the test moves by hand. */
function clock() {
  let now = 0;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

describe("Recorder.emitSoon", () => {
  it("stamps at once; what is emitted after it waits with it, and the close publishes all in log order", () => {
    const time = clock();
    const recorder = new Recorder(time.now);
    const seen: SessionEvent[] = [];
    recorder.subscribe((e) => seen.push(structuredClone(e)));
    time.advance(5);
    const held = recorder.emitSoon<SessionEvent & { type: "note" }>(note("held"), (e) => void (e.text = "completed"));
    expect(held).toMatchObject({ seq: 0, t: 5 });
    expect(seen).toHaveLength(0);
    time.advance(3);
    const next = recorder.emit(note("next"));
    // Stamped in its place, but not published ahead of the held event, nor with it yet.
    expect(next).toMatchObject({ seq: 1, t: 8 });
    expect(seen).toHaveLength(0);
    time.advance(1);
    recorder.emit({ type: "close", reason: "quit", detail: "done" });
    expect(seen.map((e) => [e.seq, e.t, e.type === "note" ? e.text : e.type])).toEqual([
      [0, 5, "completed"],
      [1, 8, "next"],
      [2, 9, "close"],
    ]);
  });

  it("publishes at once what is emitted while nothing is held", () => {
    const recorder = new Recorder(clock().now);
    const seen: SessionEvent[] = [];
    recorder.subscribe((e) => seen.push(e));
    recorder.emit(note("now"));
    expect(seen).toHaveLength(1);
  });

  it("findLastStamped sees a held event without completing it", () => {
    const recorder = new Recorder(clock().now);
    let completed = 0;
    recorder.emitSoon(note("held"), () => void completed++);
    expect(recorder.findLastStamped((e) => e.type === "note")).toMatchObject({ seq: 0, code: "held" });
    expect(completed).toBe(0);
    expect(recorder.events).toHaveLength(1);
    expect(completed).toBe(1);
  });

  it("completes held events before anyone reads the log or subscribes", () => {
    const recorder = new Recorder(clock().now);
    recorder.emitSoon<SessionEvent & { type: "note" }>(note("a"), (e) => void (e.text = "done"));
    expect(recorder.events[0]).toMatchObject({ text: "done" });

    const late = new Recorder(clock().now);
    const first: SessionEvent[] = [];
    late.subscribe((e) => first.push(e));
    late.emitSoon<SessionEvent & { type: "note" }>(note("b"), (e) => void (e.text = "done"));
    // A second subscriber replays the log after subscribing: the held event reaches the first one now.
    late.subscribe(() => undefined);
    expect(first.map((e) => e.type === "note" && e.text)).toEqual(["done"]);
  });

  it("publishes on the next event-loop turn when nothing else is emitted", async () => {
    const recorder = new Recorder(clock().now);
    const seen: SessionEvent[] = [];
    recorder.subscribe((e) => seen.push(e));
    recorder.emitSoon(note("alone"), () => undefined);
    await Promise.resolve();
    expect(seen).toHaveLength(0);
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(seen.map((e) => e.seq)).toEqual([0]);
  });

  it("flush() completes and publishes exactly once", () => {
    const recorder = new Recorder(clock().now);
    let completed = 0;
    const seen: SessionEvent[] = [];
    recorder.subscribe((e) => seen.push(e));
    recorder.emitSoon(note("x"), () => void completed++);
    recorder.flush();
    recorder.flush();
    recorder.emit(note("y"));
    recorder.flush();
    expect(completed).toBe(1);
    expect(seen.map((e) => e.seq)).toEqual([0, 1]);
  });
});

describe("Recorder.emit", () => {
  it("copies an input without stamp fields, and stamps one built with them in place, the same way", () => {
    const time = clock();
    const recorder = new Recorder(time.now);
    const plain = note("plain");
    time.advance(2);
    const copied = recorder.emit(plain);
    expect(copied).not.toBe(plain);
    expect(plain).not.toHaveProperty("seq");
    const shaped = { ...note("shaped"), seq: 0, t: 0, dt: 0 };
    time.advance(3);
    const stamped = recorder.emit(shaped);
    expect(stamped).toBe(shaped);
    expect([copied, stamped].map((e) => [e.seq, e.t, e.dt])).toEqual([
      [0, 2, 2],
      [1, 5, 3],
    ]);
    expect(recorder.events).toEqual([copied, stamped]);
  });
});
