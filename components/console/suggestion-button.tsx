import { FOCUS_RING } from "@/components/session-form/styles";
import { inert } from "@/lib/inert-text";

interface SuggestionButtonProps {
  suggestion: string;
  onAccept(line: string): void;
}

/** The next command of the standard walk; Tab in the prompt or a click puts it in the prompt. */
export function SuggestionButton({ suggestion, onAccept }: SuggestionButtonProps) {
  return (
    <button
      type="button"
      data-testid="console-suggestion"
      data-suggestion={suggestion}
      onClick={() => onAccept(suggestion)}
      className={`inline-flex max-w-full min-w-0 items-center gap-2 rounded-md border border-dashed border-slate-400 bg-white px-2.5 py-1 text-left text-sm text-slate-800 hover:border-sky-700 hover:bg-sky-50 dark:border-slate-500 dark:bg-slate-900 dark:text-slate-100 dark:hover:border-sky-400 dark:hover:bg-slate-800 ${FOCUS_RING}`}
    >
      <span className="shrink-0 text-slate-700 dark:text-slate-300">
        <span className="sr-only">Use the </span>Suggested next<span className="sr-only"> command</span>:
      </span>
      <code className="min-w-0 truncate font-mono font-semibold text-sky-900 dark:text-sky-200">{inert(suggestion)}</code>
      <kbd aria-hidden="true" className="hidden shrink-0 rounded border border-slate-400 px-1 font-mono text-xs text-slate-700 sm:inline dark:border-slate-500 dark:text-slate-300">
        Tab
      </kbd>
    </button>
  );
}
