import { z } from "zod";
import { SESSIONS_CHANGED, SESSIONS_KEY } from "./browser-sessions-store";

/** One session started from this browser, as the home page lists it. The delete token stays here only. */
export const BrowserSession = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{22,64}$/),
  target: z.string().max(253),
  port: z.number().int(),
  profile: z.string().max(20),
  startedAt: z.string().max(40),
  deleteToken: z.string().max(128).optional(),
  /** The link that runs the same test again: the form's, the console's or the walkthrough's. */
  rerun: z.string().max(4096).regex(/^\/(console|walkthrough)?\?/),
});
export type BrowserSession = z.infer<typeof BrowserSession>;

const MAX = 50;

/** What this browser remembers; anything malformed (another version, a hand edit) is dropped. */
export function readBrowserSessions(): BrowserSession[] {
  try {
    const parsed = z.array(z.unknown()).safeParse(JSON.parse(window.localStorage.getItem(SESSIONS_KEY) ?? "[]"));
    if (!parsed.success) return [];
    return parsed.data.flatMap((x) => {
      const one = BrowserSession.safeParse(x);
      return one.success ? [one.data] : [];
    });
  } catch {
    return [];
  }
}

function write(list: BrowserSession[]): void {
  try {
    window.localStorage.setItem(SESSIONS_KEY, JSON.stringify(list.slice(0, MAX)));
    window.dispatchEvent(new Event(SESSIONS_CHANGED));
  } catch {
    // Storage full or refused (private mode): the list is a convenience, the session itself is stored.
  }
}

export function rememberSession(entry: BrowserSession): void {
  write([entry, ...readBrowserSessions().filter((s) => s.id !== entry.id)]);
}

export function forgetSession(id: string): void {
  write(readBrowserSessions().filter((s) => s.id !== id));
}

export function deleteTokenFor(id: string): string | undefined {
  return readBrowserSessions().find((s) => s.id === id)?.deleteToken;
}
