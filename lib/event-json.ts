import type { SessionEvent } from "./schemas/events";

/**
 * The JSON of each explanation object met. A reply's explanation is one frozen object shared by every
 * reply with the same meaning (annotate.ts), and at ~500 characters it is most of a reply event's JSON:
 * serialised once here instead of once per event.
 */
const explanationJson = new WeakMap<object, string>();

/** Events whose JSON someone asked to keep until it has been sent (keepEventJson). */
const kept = new WeakMap<SessionEvent, string>();

/** Object keys as JSON: the few keys events have, quoted once. */
const quotedKeys = new Map<string, string>();
function quoted(key: string): string {
  let q = quotedKeys.get(key);
  if (q === undefined) {
    q = JSON.stringify(key);
    if (quotedKeys.size < 256) quotedKeys.set(key, q);
  }
  return q;
}

/** Where the explanation goes in the JSON of an event whose explanation was set to 0. */
const EXPLANATION_AT = '"explanation":0';

function serialise(event: SessionEvent): string {
  const explanation = (event as { explanation?: unknown }).explanation;
  if (explanation === null || typeof explanation !== "object") return JSON.stringify(event);
  let json = explanationJson.get(explanation);
  if (json === undefined) {
    json = JSON.stringify(explanation);
    explanationJson.set(explanation, json);
  }
  // One JSON.stringify of the event with 0 for its explanation (a copy keeps the key's place), the
  // explanation's JSON put in where the 0 is. The event's own key always makes the mark once; found
  // more than once (a nested "explanation" holding 0 or 0.5, a key or string containing it), the
  // place is unsure, and the slow way below decides.
  const text = JSON.stringify({ ...event, explanation: 0 });
  const at = text.indexOf(EXPLANATION_AT);
  const end = at + EXPLANATION_AT.length;
  if (at > 0 && text.indexOf(EXPLANATION_AT, end) === -1) {
    return text.slice(0, end - 1) + json + text.slice(end);
  }
  return serialiseByKey(event, json);
}

/** Key by key, the explanation's JSON as made once. */
function serialiseByKey(event: SessionEvent, json: string): string {
  let out = "";
  for (const key of Object.keys(event)) {
    const value = key === "explanation" ? json : JSON.stringify((event as Record<string, unknown>)[key]);
    // As JSON.stringify does: a key whose value has no JSON (undefined, a function) is left out.
    if (value === undefined) continue;
    out += `${out === "" ? "{" : ","}${quoted(key)}:${value}`;
  }
  return out === "" ? "{}" : `${out}}`;
}

/**
 * `JSON.stringify(event)`, character for character (event-json.test.ts holds it to that). The store
 * writes this string, and socket.io sends the same one for an event kept with `keepEventJson` between
 * the two (server/web/event-encoder.ts): serialised once for both.
 */
export function eventJson(event: SessionEvent): string {
  return kept.get(event) ?? serialise(event);
}

/** Serialises the event now and hands out that string until `dropEventJson`: for a store write and the send after it. */
export function keepEventJson(event: SessionEvent): void {
  if (!kept.has(event)) kept.set(event, serialise(event));
}

/** The string kept for this event, if any. */
export function keptEventJson(event: SessionEvent): string | undefined {
  return kept.get(event);
}

/** Lets the kept string go: a live session keeps its events, and their JSON would double what it keeps. */
export function dropEventJson(event: SessionEvent): void {
  kept.delete(event);
}
