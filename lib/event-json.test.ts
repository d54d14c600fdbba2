import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dropEventJson, eventJson, keepEventJson } from "./event-json";
import type { SessionEvent } from "./schemas/events";

const asEvent = (value: unknown) => value as SessionEvent;

// Values as events hold them, and some they never should (undefined, a function), which JSON.stringify leaves out.
const value = fc.oneof(fc.jsonValue(), fc.constant(undefined), fc.constant(() => 1), fc.string({ unit: "binary" }));
const explanation = fc.dictionary(fc.string(), fc.oneof(fc.string({ unit: "binary" }), fc.constant(null), fc.dictionary(fc.string(), fc.string())));
const event = fc
  .tuple(fc.dictionary(fc.string({ unit: "binary" }), value), fc.option(explanation, { nil: undefined }), fc.nat({ max: 10 }))
  .map(([fields, shared, at]) => {
    if (shared === undefined) return fields;
    // The explanation among the other keys, at any position, as a reply event carries it.
    const entries = Object.entries(fields);
    entries.splice(Math.min(at, entries.length), 0, ["explanation", shared]);
    return Object.fromEntries(entries);
  });

describe("eventJson", () => {
  it("gives JSON.stringify's characters for any event, with or without an explanation", () => {
    fc.assert(fc.property(event, (e) => eventJson(asEvent(e)) === JSON.stringify(e)), { numRuns: 2000 });
  });

  it("gives JSON.stringify's characters for a shared explanation met again after the event changed", () => {
    const shared = Object.freeze({ summary: "The server accepted it: \u2014 \"quoted\" \\ \u0000", class: "success", enhanced: null });
    const a = { type: "reply", seq: 1, text: ["one"], explanation: shared };
    const b = { type: "reply", seq: 2, text: ["two \ud83d\udce7"], flags: undefined, explanation: shared };
    expect(eventJson(asEvent(a))).toBe(JSON.stringify(a));
    expect(eventJson(asEvent(b))).toBe(JSON.stringify(b));
    expect(eventJson(asEvent({ explanation: shared }))).toBe(JSON.stringify({ explanation: shared }));
    expect(eventJson(asEvent({ explanation: null, seq: 3 }))).toBe('{"explanation":null,"seq":3}');
  });

  it("puts the explanation in its own place when other keys or strings look like it", () => {
    const shared = Object.freeze({ summary: "ok", class: "success" });
    const lookalikes = [
      { explanation: shared, seq: 1 },
      { nested: { explanation: 0 }, explanation: shared, seq: 2 },
      { nested: { explanation: 0.5 }, explanation: shared },
      { explanation: shared, after: { explanation: 0 } },
      { 'x"explanation': 0, text: '"explanation":0', explanation: shared },
      { text: ',"explanation":0', explanation: shared, more: ['{"explanation":0'] },
    ];
    for (const e of lookalikes) expect(eventJson(asEvent(e))).toBe(JSON.stringify(e));
  });

  it("hands out the string made when kept until it is dropped", () => {
    const e = { type: "note", seq: 4, text: "before" };
    keepEventJson(asEvent(e));
    e.text = "after";
    // What the store wrote is what the browsers are sent: made once, at keep.
    expect(eventJson(asEvent(e))).toBe('{"type":"note","seq":4,"text":"before"}');
    dropEventJson(asEvent(e));
    expect(eventJson(asEvent(e))).toBe('{"type":"note","seq":4,"text":"after"}');
  });
});
