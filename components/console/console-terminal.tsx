import { useEffect, useRef, useState } from "react";
import type { LiveSession } from "@/components/session/use-live-session";
import { Transcript } from "@/components/transcript/transcript";
import { type ConsoleMode, suggestNext } from "@/lib/console-assist";
import { sentence } from "@/lib/sentence";
import { CommandPrompt } from "./command-prompt";
import type { CommandHistory } from "./use-command-history";

interface ConsoleTerminalProps {
  live: LiveSession;
  /** "telnet example.com 25": what this window is connected to. */
  title: string;
  /** TLS mode none: the suggestions leave STARTTLS out. */
  plaintext: boolean;
  history: CommandHistory;
}

const STATE = {
  idle: { label: "Not connected", dot: "bg-slate-500" },
  starting: { label: "Connecting…", dot: "bg-amber-500 motion-safe:animate-pulse" },
  running: { label: "Connected", dot: "bg-emerald-600 dark:bg-emerald-400" },
  finished: { label: "Closed", dot: "bg-slate-500" },
  error: { label: "Not connected", dot: "bg-red-600 dark:bg-red-400" },
} as const;

/**
 * The terminal: the annotated transcript with the prompt under it. Each line waits for its reply
 * (the ack) before the next may go, as the engine reads one reply at a time; the ack's mode says
 * whether the next line is a command or part of the message.
 */
export function ConsoleTerminal({ live, title, plaintext, history }: ConsoleTerminalProps) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [mode, setMode] = useState<ConsoleMode>("command");
  const [pending, setPending] = useState(false);
  const open = live.status === "running";
  const suggestion = open && !pending ? suggestNext(live.events, { skipStarttls: plaintext }) : null;
  const state = STATE[live.status];

  useEffect(() => {
    if (open) inputRef.current?.focus();
  }, [open]);

  const send = async (line: string): Promise<string | null> => {
    setPending(true);
    const ack = await live.send(line);
    setPending(false);
    if (!ack.ok) return sentence(ack.error);
    setMode(ack.mode === "data" ? "data" : ack.replyCode === 334 ? "auth" : "command");
    return null;
  };

  return (
    <section aria-labelledby="console-terminal-title" className="min-w-0 overflow-hidden rounded-xl border border-slate-300 shadow-sm dark:border-slate-700">
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-300 bg-slate-100 px-3 py-2 dark:border-slate-700 dark:bg-slate-900">
        <h2 id="console-terminal-title" className="min-w-0 truncate font-mono text-sm font-semibold">
          {title}
        </h2>
        <p className="inline-flex items-center gap-2 text-sm text-slate-800 dark:text-slate-200">
          <span aria-hidden="true" className={`size-2.5 rounded-full ${state.dot}`} />
          <span data-testid="console-state" data-state={live.status}>
            {state.label}
          </span>
        </p>
      </div>
      <div className="bg-white p-2 sm:p-3 dark:bg-slate-950">
        <Transcript events={live.events} status={live.status} />
      </div>
      <CommandPrompt mode={open ? mode : "command"} pending={pending} closed={!open} suggestion={suggestion} inputRef={inputRef} history={history} onSend={send} />
    </section>
  );
}
