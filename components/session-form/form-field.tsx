import type { ReactNode } from "react";
import type { FormValues } from "./form-values";
import type { FieldErrors, FieldKey } from "./place-issues";
import { ERROR, HINT, LABEL } from "./styles";

/** What a control needs to be tied to its label, hint and error. */
export interface ControlProps {
  id: string;
  "aria-describedby": string | undefined;
  "aria-invalid": true | undefined;
}

interface FormFieldProps {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  /** Shown after the label, e.g. "optional". */
  note?: string;
  className?: string;
  children: (control: ControlProps) => ReactNode;
}

/**
 * A labelled control with its hint and its error. The error is linked with aria-describedby and
 * the control marked aria-invalid, so a screen reader reads the message when the field gets focus.
 */
export function FormField({ id, label, hint, error, note, className, children }: FormFieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={className}>
      <label htmlFor={id} className={LABEL}>
        {label}
        {/* A space, not only a margin: the label's accessible name reads "MX host (optional)". */}
        {note ? <span className="font-normal text-slate-600 dark:text-slate-400"> ({note})</span> : null}
      </label>
      <div className="mt-1">{children({ id, "aria-describedby": describedBy, "aria-invalid": error ? true : undefined })}</div>
      {error ? <FieldError id={`${id}-error`} message={error} /> : null}
      {hint ? (
        <p id={hintId} className={HINT}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

export function FieldError({ id, message }: { id: string; message: string }) {
  return (
    <p id={id} className={ERROR} data-testid="field-error">
      <span aria-hidden="true">⚠ </span>
      {message}
    </p>
  );
}

/** What each group of fields gets from the form. */
export interface FieldGroupProps {
  values: FormValues;
  errors: FieldErrors;
  /** Prefix for element ids (from useId), so ids stay unique. */
  idBase: string;
  onChange(patch: Partial<FormValues>): void;
  onBlur(key: FieldKey): void;
}
