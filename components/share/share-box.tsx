"use client";

import { useEffect, useState } from "react";
import { CopyButton } from "@/components/transcript/copy-button";
import { rememberSession } from "./browser-sessions";
import { type RerunRequest, rerunHref } from "./rerun-href";
import { TEXT_LINK } from "./styles";

interface ShareBoxProps {
  id: string;
  deleteToken: string | null;
  request: RerunRequest;
  /** Where "Run again" in the list of sessions goes, when not the form or the console (the walkthrough). */
  rerun?: string;
}

/**
 * The share link of the session just started, and its delete token, which the server shows this
 * once: both can be copied, and this browser keeps them for its list on the home page.
 */
export function ShareBox({ id, deleteToken, request, rerun }: ShareBoxProps) {
  const [origin, setOrigin] = useState("");
  useEffect(() => setOrigin(window.location.origin), []);
  useEffect(() => {
    rememberSession({
      id,
      target: request.target,
      port: request.port,
      profile: request.profile,
      startedAt: new Date().toISOString(),
      rerun: rerun ?? rerunHref(request),
      ...(deleteToken ? { deleteToken } : {}),
    });
  }, [id, deleteToken, request, rerun]);
  const link = `${origin}/t/${id}`;
  return (
    <section aria-labelledby="share-box-title" data-testid="share-box" className="space-y-2 rounded-xl border border-slate-200 p-4 dark:border-slate-800">
      <h2 id="share-box-title" className="text-base font-semibold">
        Share this session
      </h2>
      <div className="flex flex-wrap items-center gap-2">
        <a href={`/t/${id}`} className={`font-mono text-sm wrap-anywhere ${TEXT_LINK}`} data-testid="share-link" target="_blank" rel="noreferrer">
          {link}
        </a>
        <CopyButton label="Copy share link" srSuffix="to this session's read-only page" getText={() => link} />
      </div>
      {deleteToken ? (
        <div className="space-y-1">
          <p className="text-sm">
            Delete token: <code data-testid="delete-token" className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-sm dark:bg-slate-800">{deleteToken}</code>{" "}
            <CopyButton label="Copy token" srSuffix="needed to delete this session" getText={() => deleteToken} />
          </p>
          <p className="text-sm text-amber-900 dark:text-amber-200">
            Shown once: the server keeps only a hash of it. This browser remembers it in its list of your sessions; keep a copy
            to delete the session from elsewhere.
          </p>
        </div>
      ) : null}
    </section>
  );
}
