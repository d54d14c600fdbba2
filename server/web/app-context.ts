import type { Config } from "@/server/config";
import type { SessionStore } from "@/server/store/types";
import type { SessionRegistry } from "./session-registry";

/**
 * What the custom server built at start, handed to Next's route handlers and server pages. They are
 * compiled by Next into a separate module graph, so a module-level singleton would be a second copy:
 * the context lives on globalThis under a registered symbol instead.
 */
export interface AppContext {
  config: Config;
  registry: SessionRegistry;
  store: SessionStore;
}

const KEY = Symbol.for("helodesk.app-context");
type Holder = { [KEY]?: AppContext };

export function setAppContext(context: AppContext): void {
  (globalThis as Holder)[KEY] = context;
}

export function appContext(): AppContext {
  const context = (globalThis as Holder)[KEY];
  if (!context) throw new Error("HeloDesk's server context is missing: run the app with `npm start`, not `next start`");
  return context;
}
