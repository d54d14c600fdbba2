import { CheckboxField } from "@/components/session-form/checkbox-field";
import { FormField, type FieldGroupProps } from "@/components/session-form/form-field";
import { usesEnvelope, usesMessage } from "@/components/session-form/form-values";
import { CONTROL } from "@/components/session-form/styles";

/** How long a link may last: the request schema allows 1 to 365 days. */
const LIFETIMES = [
  ["", "The server's default"],
  ["1", "1 day"],
  ["7", "7 days"],
  ["30", "30 days"],
  ["90", "90 days"],
  ["365", "1 year"],
] as const;

/**
 * The share link of this run: how long it lasts, and what it hides from everyone but its creator
 * (addresses and body, for the profiles that send them; the creator's own view shows everything).
 */
export function ShareFields({ values, idBase, onChange }: FieldGroupProps) {
  return (
    <fieldset className="space-y-3">
      <legend className="text-sm font-semibold text-slate-800 dark:text-slate-200">Share link</legend>
      <FormField
        id={`${idBase}-expires`}
        label="Link lasts"
        hint="After this the session is deleted and its link says it expired. Never longer than this server keeps sessions."
        className="max-w-xs"
      >
        {(control) => (
          <select {...control} name="expiresInDays" className={CONTROL} value={values.expiresInDays} onChange={(e) => onChange({ expiresInDays: e.target.value })}>
            {LIFETIMES.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        )}
      </FormField>
      {usesEnvelope(values.profile) ? <CheckboxField
        id={`${idBase}-hide-addresses`}
        label="Hide addresses in the shared view"
        hint="People who open the share link see [sender hidden] and [recipient hidden] instead of the MAIL FROM and RCPT TO addresses, in replies too."
        checked={values.hideAddresses}
        onChange={(hideAddresses) => onChange({ hideAddresses })}
        onBlur={() => {}}
      /> : null}
      {usesEnvelope(values.profile) && usesMessage(values.profile) ? (
        <CheckboxField
          id={`${idBase}-hide-body`}
          label="Hide the message body in the shared view"
          hint="The message lines and the subject are replaced by one line that says how many lines were sent."
          checked={values.hideBody}
          onChange={(hideBody) => onChange({ hideBody })}
          onBlur={() => {}}
        />
      ) : null}
    </fieldset>
  );
}
