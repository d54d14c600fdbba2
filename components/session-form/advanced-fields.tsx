import { useState } from "react";
import { HINTS } from "./field-hints";
import { type FieldGroupProps, FormField } from "./form-field";
import { CONTROL, FOCUS_RING } from "./styles";

const HOST_INPUT = { type: "text", autoComplete: "off", autoCapitalize: "none", autoCorrect: "off", spellCheck: false } as const;

/** Rarely needed overrides, folded away; opened when a link sets them or one of them is wrong. */
export function AdvancedFields({ values, errors, idBase, onChange, onBlur }: FieldGroupProps) {
  const [open, setOpen] = useState(() => values.mx.trim() !== "" || values.helo.trim() !== "");
  const forced = Boolean(errors.mx || errors.helo);
  return (
    <details
      open={open || forced}
      onToggle={(e) => setOpen(e.currentTarget.open)}
      className="rounded-lg border border-slate-200 dark:border-slate-800"
    >
      <summary className={`cursor-pointer select-none rounded-lg px-4 py-2 text-sm font-semibold text-slate-800 dark:text-slate-200 ${FOCUS_RING}`}>
        Advanced: MX host, HELO name
      </summary>
      <div className="grid grid-cols-1 gap-4 px-4 pb-4 pt-1 sm:grid-cols-2">
        <FormField id={`${idBase}-mx`} label="MX host" note="optional" hint={HINTS.mx} error={errors.mx}>
          {(control) => (
            <input
              {...control}
              {...HOST_INPUT}
              name="mx"
              placeholder="mx2.example.com"
              className={`${CONTROL} font-mono`}
              value={values.mx}
              onChange={(e) => onChange({ mx: e.target.value })}
              onBlur={() => onBlur("mx")}
            />
          )}
        </FormField>
        <FormField id={`${idBase}-helo`} label="HELO name" note="optional" hint={HINTS.helo} error={errors.helo}>
          {(control) => (
            <input
              {...control}
              {...HOST_INPUT}
              name="helo"
              placeholder="client.example.org"
              className={`${CONTROL} font-mono`}
              value={values.helo}
              onChange={(e) => onChange({ helo: e.target.value })}
              onBlur={() => onBlur("helo")}
            />
          )}
        </FormField>
      </div>
    </details>
  );
}
