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

function serialise(event: SessionEvent): string {
  const explanation = (event as { explanation?: unknown }).explanation;
  if (explanation === null || typeof explanation !== "object") return JSON.stringify(event);
  let json = explanationJson.get(explanation);
  if (json === undefined) {
    json = JSON.stringify(explanation);
    explanationJson.set(explanation, json);
  }
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
