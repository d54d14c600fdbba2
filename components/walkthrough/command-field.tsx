import { useId } from "react";
import { ERROR } from "@/components/session-form/styles";
import { checkLine } from "@/lib/console-assist";

interface CommandFieldProps {
  value: string;
  /** Why the step could not run, from the walkthrough; shown before checkLine's own findings. */
  error: string | null;
  disabled: boolean;
  onChange(value: string): void;
}

/** The exact line the step sends, editable like a terminal line; Enter runs the step. */
export function CommandField({ value, error, disabled, onChange }: CommandFieldProps) {
  const id = useId();
  const check = checkLine(value, "command");
  const problem = error ?? check.error;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800 dark:text-slate-200">
        Command to send <span className="font-normal text-slate-600 dark:text-slate-400">(you can edit it; Enter runs the step)</span>
      </label>
      <div className="mt-1 flex items-center rounded-md border border-slate-500 bg-slate-50 font-mono focus-within:outline-2 focus-within:outline-offset-2 focus-within:outline-sky-600 dark:bg-slate-900 dark:focus-within:outline-sky-400">
        <span aria-hidden="true" className="pl-3 text-sm font-semibold text-emerald-800 select-none dark:text-emerald-300">
          smtp&gt;
        </span>
        <input
          id={id}
          data-testid="step-command"
          data-autofocus=""
          type="text"
          autoComplete="off"
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          enterKeyHint="go"
          disabled={disabled}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem || check.warning ? `${id}-message` : undefined}
          className={`min-w-0 flex-1 bg-transparent px-2 py-2 text-base text-slate-900 outline-none sm:text-sm dark:text-slate-100`}
        />
      </div>
      <div id={`${id}-message`}>
        {problem ? (
          <p className={ERROR}>
            <span aria-hidden="true">✕ </span>
            {problem}
          </p>
        ) : check.warning ? (
          <p className="mt-1 text-sm text-amber-900 dark:text-amber-200">
            <span aria-hidden="true">⚠ </span>
            {check.warning} You can still run it.
          </p>
        ) : null}
      </div>
    </div>
  );
}
