import { FieldError } from "./form-field";
import { CHECKBOX, HINT } from "./styles";

interface CheckboxFieldProps {
  id: string;
  label: string;
  hint: string;
  checked: boolean;
  error?: string | undefined;
  onChange(checked: boolean): void;
  onBlur(): void;
}

/** A checkbox with its label beside it, the whole row clickable. */
export function CheckboxField({ id, label, hint, checked, error, onChange, onBlur }: CheckboxFieldProps) {
  const describedBy = [error ? `${id}-error` : null, `${id}-hint`].filter(Boolean).join(" ");
  return (
    <div>
      <div className="flex items-start gap-3">
        <input
          id={id}
          type="checkbox"
          className={`${CHECKBOX} mt-0.5`}
          checked={checked}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
          onChange={(e) => onChange(e.target.checked)}
          onBlur={onBlur}
        />
        <div>
          <label htmlFor={id} className="text-sm font-medium text-slate-800 dark:text-slate-200">
            {label}
          </label>
          <p id={`${id}-hint`} className={`${HINT} mt-0.5`}>
            {hint}
          </p>
        </div>
      </div>
      {error ? <FieldError id={`${id}-error`} message={error} /> : null}
    </div>
  );
}
