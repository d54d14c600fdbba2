import { useState } from "react";
import { HINTS } from "./field-hints";
import { type FieldGroupProps, FormField } from "./form-field";
import { PORT_PRESETS } from "./form-values";
import { CONTROL } from "./styles";

const PRESET_LABELS: Record<(typeof PORT_PRESETS)[number], string> = {
  "25": "25 · SMTP (MX)",
  "465": "465 · submission, implicit TLS",
  "587": "587 · submission",
  "2525": "2525 · submission (alt.)",
};
const CUSTOM = "custom";

const isPreset = (port: string) => (PORT_PRESETS as readonly string[]).includes(port.trim());

/** The common ports in a select; "Other…" opens a number field for any port. */
export function PortField({ values, errors, idBase, onChange, onBlur, className }: FieldGroupProps & { className?: string }) {
  const [custom, setCustom] = useState(() => !isPreset(values.port));
  const selectId = `${idBase}-port`;
  const customId = `${idBase}-port-custom`;
  return (
    <div className={className}>
      <FormField id={selectId} label="Port" hint={custom ? undefined : HINTS.port} error={custom ? undefined : errors.port}>
        {(control) => (
          <select
            {...control}
            name="port-preset"
            className={CONTROL}
            value={custom ? CUSTOM : values.port.trim()}
            onChange={(e) => {
              const next = e.target.value;
              if (next === CUSTOM) {
                setCustom(true);
              } else {
                setCustom(false);
                onChange({ port: next });
              }
            }}
            onBlur={() => onBlur("port")}
          >
            {PORT_PRESETS.map((p) => (
              <option key={p} value={p}>
                {PRESET_LABELS[p]}
              </option>
            ))}
            <option value={CUSTOM}>Other…</option>
          </select>
        )}
      </FormField>
      {custom ? (
        <FormField id={customId} label="Custom port" hint={HINTS.port} error={errors.port} className="mt-3">
          {(control) => (
            <input
              {...control}
              name="port"
              type="number"
              inputMode="numeric"
              min={1}
              max={65535}
              step={1}
              className={CONTROL}
              value={values.port}
              onChange={(e) => onChange({ port: e.target.value })}
              onBlur={() => onBlur("port")}
            />
          )}
        </FormField>
      ) : null}
    </div>
  );
}
