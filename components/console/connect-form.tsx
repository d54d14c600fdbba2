import { useEffect, useRef } from "react";
import { DANGER_BUTTON, PRIMARY_BUTTON } from "@/components/session-form/styles";
import type { ConnectionValues, FieldErrors } from "@/lib/console-assist";
import { ConnectionFields } from "./connection-fields";

interface ConnectFormProps {
  idBase: string;
  values: ConnectionValues;
  errors: FieldErrors<"target" | "port">;
  /** starting: waiting for the server to accept the session; open: the console is live. */
  state: "closed" | "starting" | "open";
  onChange(patch: Partial<ConnectionValues>): void;
  onConnect(): void;
  onDisconnect(): void;
}

/**
 * Target, port and TLS mode, then Connect. While a session is open the fields are locked and
 * Disconnect takes Connect's place; focus follows the button that replaced the one it was on.
 */
export function ConnectForm({ idBase, values, errors, state, onChange, onConnect, onDisconnect }: ConnectFormProps) {
  const connectRef = useRef<HTMLButtonElement>(null);
    const previous = useRef(state);

  useEffect(() => {
    if (previous.current === state) return;
    previous.current = state;
    if (state !== "closed") return;
    // Disconnect went away, or the prompt locked when the server closed: Connect is where to go on.
    const active = document.activeElement;
    if (!active || active === document.body || active.closest("[data-console-prompt]")) connectRef.current?.focus();
  }, [state]);

  return (
    <form
      noValidate
      aria-label="Connection"
      onSubmit={(e) => {
        e.preventDefault();
        if (state === "closed") onConnect();
      }}
      className="space-y-4"
    >
      <fieldset disabled={state !== "closed"} className="min-w-0 disabled:opacity-80">
        <legend className="sr-only">Where to connect</legend>
        <ConnectionFields idBase={idBase} values={values} errors={errors} onChange={onChange} />
      </fieldset>
      <div className="flex flex-wrap items-center gap-3">
        {state === "open" ? (
          <button type="button" data-testid="console-disconnect" className={DANGER_BUTTON} onClick={onDisconnect}>
            <span aria-hidden="true">■</span>
            Disconnect
          </button>
        ) : (
          <button ref={connectRef} type="submit" data-testid="console-connect" disabled={state === "starting"} className={PRIMARY_BUTTON}>
            <span aria-hidden="true">{state === "starting" ? "…" : "▶"}</span>
            {state === "starting" ? "Connecting…" : "Connect"}
          </button>
        )}
        <p className="text-sm text-slate-700 dark:text-slate-300">
          {state === "open" ? "Connected: type commands below. Disconnect ends the session (with QUIT unless a message is half sent)." : "HeloDesk opens the connection and shows the server's greeting; you type the rest."}
        </p>
      </div>
    </form>
  );
}
