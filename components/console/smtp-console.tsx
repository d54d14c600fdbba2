"use client";

import Link from "next/link";
import { useState } from "react";
import { SessionPanels } from "@/components/panels/session-panels";
import { ShareBox } from "@/components/share/share-box";
import type { RerunRequest } from "@/components/share/rerun-href";
import { useLiveSession } from "@/components/session/use-live-session";
import { ConnectionStatus } from "@/components/workbench/connection-status";
import { issueAt } from "@/components/session/issue-at";
import { StartError } from "@/components/workbench/start-error";
import { type ConnectionValues, type FieldErrors, parseConnection } from "@/lib/console-assist";
import { ConnectForm } from "./connect-form";
import { focusFirstError } from "./connection-fields";
import { ConsoleTerminal } from "./console-terminal";
import { useCommandHistory } from "./use-command-history";
import { CARD } from "@/components/styles";

const ID = "console";

/**
 * Console mode: connect, then type SMTP by hand as in a telnet window, with the next command of the
 * standard walk suggested and every reply explained in the transcript.
 */
export function SmtpConsole({ initial }: { initial: ConnectionValues }) {
  const live = useLiveSession();
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors<"target" | "port">>({});
  const [connected, setConnected] = useState<ConnectionValues>(initial);
  // What the share box remembers this session by; set with each Connect.
  const [request, setRequest] = useState<RerunRequest | null>(null);
  // Here, not in the terminal: the terminal is new for each connection, the history is the page's.
  const history = useCommandHistory();
  const state = live.status === "starting" ? "starting" : live.status === "running" ? "open" : "closed";
  const shown = { target: errors.target ?? issueAt(live.fieldErrors, "target"), port: errors.port ?? issueAt(live.fieldErrors, "port") };

  const connect = () => {
    const parsed = parseConnection(values);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      // After React has rendered the messages, so the field is read with its error.
      requestAnimationFrame(() => focusFirstError(ID, parsed.errors, ["target", "port"]));
      return;
    }
    setErrors({});
    setConnected(values);
    const started = { target: parsed.target, port: parsed.port, tls: values.tls, profile: "interactive" } as const;
    setRequest(started);
    void live.start(started);
  };

  return (
    <div className="space-y-6">
      <section aria-labelledby="console-title" className={CARD}>
        <div className="mb-5 flex flex-wrap items-start justify-between gap-x-4 gap-y-2">
          <div className="min-w-0">
            <h1 id="console-title" className="text-xl font-semibold tracking-tight sm:text-2xl">
              SMTP console
            </h1>
            <p className="mt-1 max-w-prose text-sm text-slate-700 dark:text-slate-300">
              Like <code className="font-mono">telnet host 25</code>, in the browser: type each command yourself and read what every reply means.
              New to SMTP?{" "}
              <Link href="/walkthrough" className="font-medium text-sky-800 underline hover:no-underline dark:text-sky-300">
                Follow the guided walkthrough
              </Link>
              .
            </p>
          </div>
          <ConnectionStatus connected={live.connected} />
        </div>
        <ConnectForm
          idBase={ID}
          values={values}
          errors={shown}
          state={state}
          onChange={(patch) => {
            setValues((v) => ({ ...v, ...patch }));
            setErrors((e) => ({ ...e, ...Object.fromEntries(Object.keys(patch).map((k) => [k, undefined])) }));
          }}
          onConnect={connect}
          onDisconnect={live.cancel}
        />
      </section>

      {live.id && request ? <ShareBox id={live.id} deleteToken={live.deleteToken} request={request} /> : null}
      {live.status === "error" && live.error ? <StartError error={live.error} fieldIssues={live.fieldErrors.length} /> : null}

      <ConsoleTerminal
        key={live.id ?? "none"}
        live={live}
        title={`telnet ${connected.target.trim() || "…"} ${connected.port.trim() || "25"}`}
        plaintext={connected.tls === "none"}
        history={history}
      />

      <SessionPanels events={live.events} outcome={live.outcome} />
    </div>
  );
}
