"use client";

import { useEffect, useState } from "react";
import { sentence } from "@/lib/sentence";
import type { BrowserSession } from "./browser-sessions";
import { hasBrowserSessions, loadBrowserSessions, onBrowserSessionsChange } from "./browser-sessions-store";
import { TEXT_LINK } from "./styles";

/**
 * Deletes on the server with the stored token; gone already (404, 410) counts as deleted. Otherwise
 * the row stays, with why, in the server's words when it gave some.
 */
async function deleteEverywhere(s: BrowserSession): Promise<string | null> {
  const res = await fetch(`/api/sessions/${s.id}`, { method: "DELETE", headers: { "x-delete-token": s.deleteToken ?? "" } }).catch(() => null);
  if (!res) return "Not deleted: HeloDesk could not be reached. Check your connection and try again.";
  if (res.ok || res.status === 404 || res.status === 410) {
    await forget(s.id);
    return null;
  }
  const body = (await res.json().catch(() => null)) as { error?: unknown } | null;
  const reason = typeof body?.error === "string" && body.error ? body.error : `the server answered ${res.status}`;
  const said = sentence(reason);
  return `Not deleted: ${said.charAt(0).toLowerCase()}${said.slice(1)}`;
}

async function forget(id: string): Promise<void> {
  (await loadBrowserSessions()).forgetSession(id);
}

/**
 * Sessions started from this browser (kept in localStorage, nowhere else): reopen the share page
 * or run the same test again. Renders nothing until the browser has read its list, and nothing when
 * it is empty, so server and first client render agree. The schema-checked reader is loaded only
 * when this browser has a list, so a first visit sends no schema code.
 */
export function RecentSessions() {
  const [list, setList] = useState<BrowserSession[] | null>(null);
  // Why a Delete did not go through, per session id.
  const [problems, setProblems] = useState<Record<string, string>>({});
  const remove = async (s: BrowserSession) => {
    setProblems(({ [s.id]: _old, ...rest }) => rest);
    const problem = await deleteEverywhere(s);
    if (problem) setProblems((p) => ({ ...p, [s.id]: problem }));
  };
  useEffect(() => {
    let current = true;
    const load = () => {
      if (!hasBrowserSessions()) return setList([]);
      void loadBrowserSessions().then(({ readBrowserSessions }) => {
        if (current) setList(readBrowserSessions());
      });
    };
    load();
    const stop = onBrowserSessionsChange(load);
    return () => {
      current = false;
      stop();
    };
  }, []);
  if (!list || list.length === 0) return null;
  return (
    <section aria-labelledby="recent-title" data-testid="recent-sessions" className="space-y-2">
      <h2 id="recent-title" className="text-lg font-semibold">
        Your recent sessions
      </h2>
      <p className="text-sm text-slate-700 dark:text-slate-300">Started from this browser; only this browser knows this list.</p>
      <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 dark:divide-slate-800 dark:border-slate-800">
        {list.map((s) => (
          <li key={s.id} data-testid="recent-session" data-session-id={s.id} className="flex flex-wrap items-center gap-x-4 gap-y-1 px-3 py-2 text-sm">
            <span className="min-w-0 font-mono wrap-anywhere">
              {s.target}:{s.port}
            </span>
            <span className="text-slate-700 dark:text-slate-300">{s.profile}</span>
            <time dateTime={s.startedAt} className="text-slate-700 dark:text-slate-300">
              {s.startedAt.slice(0, 16).replace("T", " ")} UTC
            </time>
            <span className="ml-auto flex gap-3">
              <a href={`/t/${s.id}`} className={TEXT_LINK}>
                Open<span className="sr-only"> the session with {s.target}</span>
              </a>
              <a href={s.rerun} className={TEXT_LINK}>
                Run again<span className="sr-only"> against {s.target}</span>
              </a>
              {s.deleteToken ? (
                <button type="button" className={TEXT_LINK} onClick={() => void remove(s)}>
                  Delete<span className="sr-only"> the session with {s.target} from the server</span>
                </button>
              ) : null}
              <button type="button" className={TEXT_LINK} onClick={() => void forget(s.id)}>
                Forget<span className="sr-only"> the session with {s.target} (it stays on the server)</span>
              </button>
            </span>
            <p role="status" className="basis-full text-red-700 dark:text-red-300">
              {problems[s.id] ?? ""}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
