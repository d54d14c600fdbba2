import { useEffect, useRef } from "react";
import { CopyLinkButton } from "./copy-link-button";
import { DANGER_BUTTON, PRIMARY_BUTTON } from "./styles";

interface FormActionsProps {
  busy: boolean;
  onCancel(): void;
  /** The link to copy: this form as a query string, without secrets. */
  shareHref(): string;
  /** One sentence under the buttons: what stopped the run, or what to do next. */
  message: string | null;
}

/**
 * Run, and Cancel while a session runs. The Run button keeps its place (disabled) so the layout does
 * not jump; focus moves to Cancel when Run is disabled under it, and back when Cancel goes away.
 */
export function FormActions({ busy, onCancel, shareHref, message }: FormActionsProps) {
  const runRef = useRef<HTMLButtonElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const wasBusy = useRef(busy);

  useEffect(() => {
    if (wasBusy.current === busy) return;
    wasBusy.current = busy;
    // focus() lays the page out at once: in the next frame, where that is done anyway, not in the
    // task that starts or ends the test, ahead of the transcript's first and last lines.
    const frame = requestAnimationFrame(() => {
      const active = document.activeElement;
      const lost = active === null || active === document.body;
      if (busy && (lost || active === runRef.current)) cancelRef.current?.focus({ preventScroll: true });
      else if (!busy && lost) runRef.current?.focus({ preventScroll: true });
    });
    return () => cancelAnimationFrame(frame);
  }, [busy]);

  return (
    <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
      <div className="flex flex-wrap items-center gap-3">
        <button ref={runRef} type="submit" data-testid="run-button" disabled={busy} className={`${PRIMARY_BUTTON} min-w-24`}>
          {busy ? <Spinner /> : <span aria-hidden="true">▶</span>}
          Run
        </button>
        {busy ? (
          <button
            ref={cancelRef}
            type="button"
            data-testid="cancel-button"
            className={DANGER_BUTTON}
            onClick={onCancel}
          >
            Cancel
          </button>
        ) : null}
        <CopyLinkButton href={shareHref} />
      </div>
      <p aria-live="polite" className="text-sm text-slate-700 sm:ml-2 dark:text-slate-300">
        {message}
      </p>
    </div>
  );
}

function Spinner() {
  return <span aria-hidden="true" className="size-4 animate-spin rounded-full border-2 border-current border-t-transparent motion-reduce:animate-none" />;
}
