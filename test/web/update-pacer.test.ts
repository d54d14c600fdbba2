import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { UpdatePacer } from "@/components/session/update-pacer";

/** Animation frames run only when the test says a frame is drawn. */
let frames: Map<number, () => void>;
let nextFrame: number;
function drawFrame() {
  const due = [...frames.values()];
  frames.clear();
  for (const callback of due) callback();
}

describe("UpdatePacer", () => {
  let log: string[];
  let syncs: string[][];
  let pacer: UpdatePacer;
  const flushSync = (fn: () => void) => {
    const before = log.length;
    fn();
    syncs.push(log.slice(before));
  };
  const update = (name: string) => () => void log.push(name);

  beforeEach(() => {
    vi.useFakeTimers();
    frames = new Map();
    nextFrame = 1;
    vi.stubGlobal("requestAnimationFrame", (cb: () => void) => {
      frames.set(nextFrame, cb);
      return nextFrame++;
    });
    vi.stubGlobal("cancelAnimationFrame", (id: number) => frames.delete(id));
    log = [];
    syncs = [];
    pacer = new UpdatePacer(flushSync);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("renders every update at once before a first reply", () => {
    pacer.update(update("connect"));
    expect(log).toEqual(["connect"]);
  });

  it("renders the first reply at once, in its own synchronous render", () => {
    pacer.firstReply(update("220"));
    expect(syncs).toEqual([["220"]]);
  });

  it("holds what follows the first reply until its frame is painted (a task after the frame), then renders as it comes", () => {
    pacer.firstReply(update("220"));
    pacer.update(update("QUIT"));
    pacer.update(update("221"));
    drawFrame();
    // The frame that paints the 220 has nothing else to render.
    expect(log).toEqual(["220"]);
    vi.advanceTimersByTime(0);
    expect(log).toEqual(["220", "QUIT", "221"]);
    pacer.update(update("end"));
    expect(log).toEqual(["220", "QUIT", "221", "end"]);
  });

  it("still renders what it held within 100 ms when no frame comes (a hidden tab)", () => {
    pacer.firstReply(update("220"));
    pacer.update(update("221"));
    vi.advanceTimersByTime(99);
    expect(log).toEqual(["220"]);
    vi.advanceTimersByTime(1);
    expect(log).toEqual(["220", "221"]);
  });

  it("drops what the last session left waiting, and renders the next session's updates as they come", () => {
    pacer.firstReply(update("old 220"));
    pacer.update(update("old 221"));
    pacer.drop();
    pacer.update(update("new connect"));
    drawFrame();
    vi.advanceTimersByTime(200);
    expect(log).toEqual(["old 220", "new connect"]);
  });
});
