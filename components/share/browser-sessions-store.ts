/**
 * Where this browser keeps its list of sessions, without zod: a page asks whether there is a list
 * before it loads browser-sessions.ts (and the schema that checks each entry) with import(). A first
 * visit, and any share page opened elsewhere, then sends no schema code (docs/performance.md).
 */
export const SESSIONS_KEY = "helodesk.sessions.v1";
export const SESSIONS_CHANGED = "helodesk:sessions-changed";

/** True when this browser has stored a list at all (entries are checked on reading it). */
export function hasBrowserSessions(): boolean {
  try {
    const raw = window.localStorage.getItem(SESSIONS_KEY);
    return raw !== null && raw !== "[]";
  } catch {
    return false;
  }
}

/** Calls back when the list changes in this tab or another one. */
export function onBrowserSessionsChange(callback: () => void): () => void {
  const onStorage = (e: StorageEvent) => e.key === SESSIONS_KEY && callback();
  window.addEventListener(SESSIONS_CHANGED, callback);
  window.addEventListener("storage", onStorage);
  return () => {
    window.removeEventListener(SESSIONS_CHANGED, callback);
    window.removeEventListener("storage", onStorage);
  };
}

/** The schema-checked list and its writers, loaded only when there is a list to read or change. */
export const loadBrowserSessions = () => import("./browser-sessions");
