import { useState } from "react";
import { ConnectionFields } from "@/components/console/connection-fields";
import { FormField } from "@/components/session-form/form-field";
import { CONTROL, SECONDARY_BUTTON } from "@/components/session-form/styles";
import { type FieldErrors, parseConnection, parseEnvelope, type WalkValues } from "@/lib/console-assist";
import { connectCommand } from "./step-content";
import { SETUP_ID, type SetupKey } from "./use-walkthrough";

interface SetupFieldsProps {
  values: WalkValues;
  errors: FieldErrors<SetupKey>;
  /** A session is running: the details are fixed until it ends. */
  locked: boolean;
  onChange(patch: Partial<WalkValues>): void;
}

/**
 * The connect step's details: where to connect and the envelope (MAIL FROM, RCPT TO). A link that
 * already carries valid values shows them as a summary with a Change button; otherwise it asks.
 */
export function SetupFields({ values, errors, locked, onChange }: SetupFieldsProps) {
  const [editing, setEditing] = useState(() => !(parseConnection(values).ok && parseEnvelope(values).ok));
  const showFields = editing || Object.values(errors).some(Boolean);
  return (
    <div className="space-y-4">
      {showFields ? (
        <fieldset disabled={locked} className="min-w-0 space-y-4">
          <legend className="sr-only">Connection and addresses</legend>
          <ConnectionFields idBase={SETUP_ID} values={values} errors={errors} onChange={onChange} />
          <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
            <AddressField id={`${SETUP_ID}-from`} label="Sender (MAIL FROM)" hint="The address the test message comes from." value={values.from} error={errors.from} onChange={(from) => onChange({ from })} />
            <AddressField id={`${SETUP_ID}-to`} label="Recipient (RCPT TO)" hint="A mailbox this server should accept mail for." value={values.to} error={errors.to} onChange={(to) => onChange({ to })} />
          </div>
        </fieldset>
      ) : (
        <div className="flex flex-wrap items-start justify-between gap-3 rounded-lg border border-slate-200 p-3 dark:border-slate-700">
          <dl className="grid grid-cols-[max-content_minmax(0,1fr)] gap-x-3 gap-y-1 text-sm">
            {[
              ["Server", `${values.target.trim()} port ${values.port.trim()} (TLS ${values.tls})`],
              ["Sender", values.from.trim()],
              ["Recipient", values.to.trim()],
            ].map(([term, text]) => (
              <div key={term} className="contents">
                <dt className="font-semibold text-slate-700 dark:text-slate-300">{term}</dt>
                <dd className="font-mono wrap-anywhere">{text}</dd>
              </div>
            ))}
          </dl>
          <button type="button" disabled={locked} className={SECONDARY_BUTTON} onClick={() => setEditing(true)}>
            Change
          </button>
        </div>
      )}
      <p className="text-sm text-slate-700 dark:text-slate-300">
        The same as typing{" "}
        <code data-testid="step-command" className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-slate-900 dark:bg-slate-800 dark:text-slate-100">
          {connectCommand(values)}
        </code>{" "}
        and waiting for the first line.
      </p>
    </div>
  );
}

interface AddressFieldProps {
  id: string;
  label: string;
  hint: string;
  value: string;
  error: string | undefined;
  onChange(value: string): void;
}

function AddressField({ id, label, hint, value, error, onChange }: AddressFieldProps) {
  return (
    <FormField id={id} label={label} hint={hint} error={error}>
      {(control) => (
        <input
          {...control}
          type="text"
          inputMode="email"
          autoComplete="off"
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          placeholder="name@example.com"
          className={`${CONTROL} font-mono`}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </FormField>
  );
}
