"use client";

import { useEffect, useState } from "react";
import { CONTROL, LABEL } from "@/components/session-form/styles";
import { hasBrowserSessions, loadBrowserSessions } from "./browser-sessions-store";
import { DANGER_BUTTON } from "./styles";

/**
 * Deletes the session with its delete token: a plain form POST, so it works without JavaScript.
 * In the browser that started the session, the token is filled in from this browser's list.
 */
export function DeleteForm({ id, error }: { id: string; error?: string }) {
  const [token, setToken] = useState("");
  useEffect(() => {
    if (!hasBrowserSessions()) return;
    let cancelled = false;
    void loadBrowserSessions().then(({ deleteTokenFor }) => {
      if (!cancelled) setToken((t) => t || deleteTokenFor(id) || "");
    });
    return () => {
      cancelled = true;
    };
  }, [id]);
  return (
    <details className="rounded-lg border border-slate-200 p-3 dark:border-slate-800" open={Boolean(error)}>
      <summary className="cursor-pointer text-sm font-medium">Delete this session</summary>
      <form method="post" action={`/t/${id}/delete`} className="mt-3 space-y-2">
        <p className="text-sm text-slate-700 dark:text-slate-300">
          Only the person who ran the test has the delete token (it was shown once, when the test started). Deleting removes the
          session and its link at once.
        </p>
        <label htmlFor="delete-token" className={LABEL}>
          Delete token
        </label>
        <input
          id="delete-token"
          name="token"
          type="password"
          autoComplete="off"
          required
          value={token}
          onChange={(e) => setToken(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "delete-error" : undefined}
          className={`${CONTROL} max-w-md font-mono`}
        />
        {error ? (
          <p id="delete-error" role="alert" className="text-sm text-red-800 dark:text-red-300">
            {error}
          </p>
        ) : null}
        <button type="submit" className={DANGER_BUTTON}>
          Delete session
        </button>
      </form>
    </details>
  );
}
