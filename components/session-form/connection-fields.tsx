import { HINTS } from "./field-hints";
import { type FieldGroupProps, FormField } from "./form-field";
import { FORM_PROFILES, isFormProfile, PROFILE_LABELS } from "./form-values";
import { PortField } from "./port-field";
import { CONTROL } from "./styles";
import { TargetInput } from "./target-input";
import { TlsModeSelect } from "./tls-mode-select";

/**
 * Where to connect and what to run: the only fields most tests need. In one row only from xl up, with
 * the selects as wide as their longest option ("465 · submission, implicit TLS"), so no option is cut;
 * the target takes what is left.
 */
export function ConnectionFields(props: FieldGroupProps) {
  const { values, errors, idBase, onChange, onBlur } = props;
  return (
    <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-[minmax(0,1fr)_17rem_12rem_17rem]">
      <FormField id={`${idBase}-target`} label="Target" hint={HINTS.target} error={errors.target} className="sm:col-span-2 xl:col-span-1">
        {(control) => <TargetInput control={control} value={values.target} onChange={(target) => onChange({ target })} onBlur={() => onBlur("target")} />}
      </FormField>
      <PortField {...props} />
      <FormField
        id={`${idBase}-profile`}
        label="Profile"
        hint={PROFILE_LABELS[values.profile].hint}
        error={errors.profile}
      >
        {(control) => (
          <select
            {...control}
            name="profile"
            className={CONTROL}
            value={values.profile}
            onChange={(e) => {
              if (isFormProfile(e.target.value)) onChange({ profile: e.target.value });
            }}
            onBlur={() => onBlur("profile")}
          >
            {FORM_PROFILES.map((p) => (
              <option key={p} value={p}>
                {PROFILE_LABELS[p].label}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <FormField id={`${idBase}-tls`} label="TLS mode" hint={HINTS.tls[values.tls]} error={errors.tls}>
        {(control) => <TlsModeSelect control={control} value={values.tls} onChange={(tls) => onChange({ tls })} onBlur={() => onBlur("tls")} />}
      </FormField>
    </div>
  );
}
