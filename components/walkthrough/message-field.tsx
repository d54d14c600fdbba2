import { type KeyboardEvent, useId } from "react";
import { CONTROL, ERROR, HINT } from "@/components/session-form/styles";

interface MessageFieldProps {
  value: string;
  error: string | null;
  disabled: boolean;
  onChange(value: string): void;
}

/** Ctrl+Enter (⌘+Enter) runs the step: Enter alone is a new line in the message. */
function runOnModEnter(e: KeyboardEvent<HTMLTextAreaElement>) {
  if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    e.currentTarget.form?.requestSubmit();
  }
}

/** The test message, editable: headers, a blank line, the text. HeloDesk sends the final dot itself. */
export function MessageField({ value, error, disabled, onChange }: MessageFieldProps) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800 dark:text-slate-200">
        Message to send
      </label>
      <textarea
        id={id}
        data-testid="step-command"
        data-autofocus=""
        rows={9}
        spellCheck={false}
        disabled={disabled}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={runOnModEnter}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
        className={`${CONTROL} mt-1 font-mono`}
      />
      {error ? (
        <p id={`${id}-error`} className={ERROR}>
          <span aria-hidden="true">✕ </span>
          {error}
        </p>
      ) : null}
      <p id={`${id}-hint`} className={HINT}>
        Each line is sent as typed, then a line with only <code className="font-mono">.</code> ends the message. Ctrl+Enter (⌘+Enter) runs the step.
      </p>
    </div>
  );
}
