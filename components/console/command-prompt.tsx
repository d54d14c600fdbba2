import { type ClipboardEvent, type KeyboardEvent, type Ref, useId, useState } from "react";
import { FOCUS_RING } from "@/components/session-form/styles";
import { checkLine, type ConsoleMode, planPaste } from "@/lib/console-assist";
import { ModeIndicator } from "./mode-indicator";
import { SuggestionButton } from "./suggestion-button";
import type { CommandHistory } from "./use-command-history";

interface CommandPromptProps {
  mode: ConsoleMode;
  /** A line is on its way and its reply has not come back yet. */
  pending: boolean;
  /** The session is not open: nothing can be sent. */
  closed: boolean;
  suggestion: string | null;
  inputRef: Ref<HTMLInputElement>;
  /** Kept by the page, so a new connection keeps the lines typed in the last one. */
  history: CommandHistory;
  /** Sends the line; resolves with why it did not go out, as one sentence, or null. */
  onSend(line: string): Promise<string | null>;
}

const PROMPT: Record<ConsoleMode, string> = { command: "smtp>", data: "body>", auth: "auth>" };

/** The console sends a line and waits for its reply before the next (no pipelining by hand). */
const WAIT_FOR_REPLY = "Wait for the server's reply to the previous line.";

/** AUTH answers and AUTH lines with an initial response carry secrets: they never enter the history. */
const secret = (line: string, mode: ConsoleMode) => mode === "auth" || /^\s*AUTH\s+\S+\s+\S/i.test(line);

/**
 * The telnet-like prompt: Enter sends, ArrowUp/ArrowDown walk the history, Tab takes the suggestion,
 * Escape clears. Errors from checkLine block the line; warnings only advise.
 */
export function CommandPrompt({ mode, pending, closed, suggestion, inputRef, history, onSend }: CommandPromptProps) {
  const id = useId();
  const [value, setValue] = useState("");
  const [blocked, setBlocked] = useState<string | null>(null);
  const check = value ? checkLine(value, mode) : {};
  const error = blocked ?? check.error;
  const ids = { mode: `${id}-mode`, message: `${id}-message`, keys: `${id}-keys` };

  const change = (next: string) => {
    setValue(next);
    setBlocked(null);
  };

  const submit = async () => {
    const verdict = checkLine(value, mode);
    if (verdict.error) return setBlocked(verdict.error);
    if (pending) return setBlocked(WAIT_FOR_REPLY);
    const line = value;
    if (!secret(line, mode)) history.push(line);
    else history.stopBrowsing();
    setValue("");
    const problem = await onSend(line);
    if (problem === null) return;
    // Put the line back when it did not go out, so it can be fixed rather than retyped.
    setValue((now) => (now === "" ? line : now));
    setBlocked(problem);
  };

  // An <input> would join pasted lines with spaces into one command: see planPaste.
  const onPaste = (e: ClipboardEvent<HTMLInputElement>) => {
    const text = e.clipboardData.getData("text/plain");
    if (!/[\r\n]/.test(text)) return;
    e.preventDefault();
    const { selectionStart, selectionEnd } = e.currentTarget;
    const plan = planPaste(mode, value.slice(0, selectionStart ?? value.length), text, value.slice(selectionEnd ?? value.length));
    if ("error" in plan) return setBlocked(plan.error);
    if (pending) return setBlocked(WAIT_FOR_REPLY);
    void sendBody(plan.send, plan.keep);
  };

  /** Body lines, one after the other, each once the previous one is acknowledged. */
  const sendBody = async (lines: string[], keep: string) => {
    change(keep);
    history.stopBrowsing();
    for (const [i, line] of lines.entries()) {
      const problem = await onSend(line);
      if (problem !== null) return setBlocked(`${problem} ${lines.length - i} pasted lines were not sent.`);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === "ArrowUp" || e.key === "ArrowDown") {
      const next = e.key === "ArrowUp" ? history.older(value) : history.newer();
      if (next === null) return;
      e.preventDefault();
      setValue(next);
      setBlocked(null);
    } else if (e.key === "Tab" && !e.shiftKey && suggestion && value !== suggestion && suggestion.toLowerCase().startsWith(value.toLowerCase())) {
      // Only while the prompt is empty or a start of the suggestion, so Tab still leaves the field otherwise.
      e.preventDefault();
      change(suggestion);
    } else if (e.key === "Escape" && value) {
      e.preventDefault();
      change("");
      history.stopBrowsing();
    }
  };

  return (
    <form
      data-console-prompt=""
      noValidate
      aria-label="Send a line"
      aria-busy={pending || undefined}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      className="space-y-2 border-t border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-950"
    >
      <ModeIndicator id={ids.mode} mode={mode} />
      <div className="flex flex-wrap items-center justify-between gap-2">
        <label htmlFor={`${id}-input`} className="text-sm font-medium text-slate-800 dark:text-slate-200">
          SMTP command
        </label>
        {suggestion && !closed ? (
          <SuggestionButton
            suggestion={suggestion}
            onAccept={(line) => {
              change(line);
              document.getElementById(`${id}-input`)?.focus();
            }}
          />
        ) : null}
      </div>
      <div className="flex items-stretch gap-2">
        <div className="flex min-w-0 flex-1 items-center rounded-md border border-slate-500 bg-slate-50 font-mono focus-within:outline-2 focus-within:outline-offset-2 focus-within:outline-sky-600 data-[invalid=true]:border-red-700 dark:bg-slate-900 dark:focus-within:outline-sky-400 dark:data-[invalid=true]:border-red-400" data-invalid={error ? true : undefined}>
          <span aria-hidden="true" className="pl-3 text-sm font-semibold text-emerald-800 select-none dark:text-emerald-300">
            {PROMPT[mode]}
          </span>
          <input
            ref={inputRef}
            id={`${id}-input`}
            data-testid="console-input"
            type="text"
            autoComplete="off"
            autoCapitalize="none"
            autoCorrect="off"
            spellCheck={false}
            enterKeyHint="send"
            disabled={closed}
            value={value}
            onChange={(e) => {
              change(e.target.value);
              history.stopBrowsing();
            }}
            onKeyDown={onKeyDown}
            onPaste={onPaste}
            aria-invalid={error ? true : undefined}
            aria-describedby={[mode !== "command" ? ids.mode : "", ids.message, ids.keys].filter(Boolean).join(" ")}
            placeholder={closed ? "Not connected" : mode === "data" ? "a line of the message, or . to end it" : (suggestion ?? "")}
            className="min-w-0 flex-1 bg-transparent px-2 py-2 text-base text-slate-900 outline-none placeholder:text-slate-500 disabled:cursor-not-allowed sm:text-sm dark:text-slate-100 dark:placeholder:text-slate-400"
          />
        </div>
        <button
          type="submit"
          disabled={closed}
          className={`shrink-0 rounded-md bg-sky-700 px-3 text-sm font-semibold text-white hover:bg-sky-800 disabled:cursor-not-allowed disabled:opacity-60 dark:bg-sky-400 dark:text-slate-950 dark:hover:bg-sky-300 ${FOCUS_RING}`}
        >
          Send
        </button>
      </div>
      <div id={ids.message} aria-live="polite" className="min-h-5 text-sm">
        {error ? (
          <p data-testid="console-error" className="font-medium text-red-700 dark:text-red-300">
            <span aria-hidden="true">✕ </span>
            {error}
          </p>
        ) : check.warning ? (
          <p data-testid="console-warning" className="text-amber-900 dark:text-amber-200">
            <span aria-hidden="true">⚠ </span>
            {check.warning} <span className="text-slate-700 dark:text-slate-300">You can still send it.</span>
          </p>
        ) : pending ? (
          <p className="text-slate-700 dark:text-slate-300">Waiting for the server's reply…</p>
        ) : null}
      </div>
      <p id={ids.keys} className="text-xs text-slate-600 dark:text-slate-400">
        Enter sends · <kbd className="font-mono">↑</kbd>/<kbd className="font-mono">↓</kbd> history · <kbd className="font-mono">Tab</kbd> takes the suggestion · <kbd className="font-mono">Esc</kbd> clears
      </p>
    </form>
  );
}
