import { useState } from "react";

interface ConnectionStatusProps {
  /**
   * The socket to the HeloDesk server is up (useLiveSession's `connected`); null before the page has
   * opened its socket (the test page opens it on the first interaction): the server just sent the page.
   */
  connected: boolean | null;
}

const TONE = {
  online: { dot: "bg-emerald-600 dark:bg-emerald-400", text: "text-emerald-800 dark:text-emerald-300" },
  offline: { dot: "bg-amber-500 motion-safe:animate-pulse dark:bg-amber-400", text: "text-amber-900 dark:text-amber-300" },
} as const;

/**
 * "Ready", "Server online" or "Reconnecting…" as visible text: the socket's state is something the user
 * needs to see (a dropped server explains a stalled transcript), and the e2e tests read it.
 */
export function ConnectionStatus({ connected: socketUp }: ConnectionStatusProps) {
  // Before the socket is opened nothing has been checked but that the page arrived: say "Ready", not "online".
  const connected = socketUp ?? true;
  const [everConnected, setEverConnected] = useState(socketUp === true);
  if (socketUp && !everConnected) setEverConnected(true);
  const text = socketUp === null ? "Ready" : connected ? "Server online" : everConnected ? "Reconnecting…" : "Connecting…";
  const tone = TONE[connected ? "online" : "offline"];
  return (
    <p className="inline-flex items-center gap-2 text-sm font-medium" data-connected={connected}>
      <span aria-hidden="true" className={`size-2.5 rounded-full ${tone.dot}`} />
      <span role="status" data-testid="session-status" className={tone.text}>
        {text}
      </span>
    </p>
  );
}
