import { CheckboxField } from "@/components/session-form/checkbox-field";
import type { FieldGroupProps } from "@/components/session-form/form-field";
import { usesEnvelope, usesMessage } from "@/components/session-form/form-values";

/**
 * What the share link of this run hides from everyone but its creator. Only for the profiles that
 * send addresses or a body; the creator's own view always shows everything.
 */
export function ShareFields({ values, idBase, onChange }: FieldGroupProps) {
  if (!usesEnvelope(values.profile)) return null;
  return (
    <fieldset className="space-y-3">
      <legend className="text-sm font-semibold text-slate-800 dark:text-slate-200">Share link</legend>
      <CheckboxField
        id={`${idBase}-hide-addresses`}
        label="Hide addresses in the shared view"
        hint="People who open the share link see [sender hidden] and [recipient hidden] instead of the MAIL FROM and RCPT TO addresses, in replies too."
        checked={values.hideAddresses}
        onChange={(hideAddresses) => onChange({ hideAddresses })}
        onBlur={() => {}}
      />
      {usesMessage(values.profile) ? (
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
