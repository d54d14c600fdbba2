import { FormField } from "@/components/session-form/form-field";
import { CONTROL } from "@/components/session-form/styles";
import { TargetInput } from "@/components/session-form/target-input";
import { TlsModeSelect } from "@/components/session-form/tls-mode-select";
import type { ConnectionValues, FieldErrors } from "@/lib/console-assist";

const PORTS = [
  ["25", "SMTP between servers (MX)"],
  ["465", "submission, implicit TLS"],
  ["587", "submission"],
  ["2525", "submission (alternative)"],
] as const;

interface ConnectionFieldsProps {
  /** Prefix for element ids, so two forms on a page stay apart. */
  idBase: string;
  values: ConnectionValues;
  errors: FieldErrors<"target" | "port">;
  onChange(patch: Partial<ConnectionValues>): void;
}

/** Where to connect: target, port and TLS mode. One column on phones, one row from sm up. */
export function ConnectionFields({ idBase, values, errors, onChange }: ConnectionFieldsProps) {
  return (
    <div className="grid grid-cols-1 gap-4 sm:grid-cols-[minmax(0,1fr)_7rem_minmax(0,14rem)]">
      <FormField id={`${idBase}-target`} label="Target" hint="Mail domain (MX lookup), host name or IP address" error={errors.target}>
        {(control) => <TargetInput control={control} value={values.target} onChange={(target) => onChange({ target })} />}
      </FormField>
      <FormField id={`${idBase}-port`} label="Port" hint="25, 465, 587…" error={errors.port}>
        {(control) => (
          <>
            <input
              {...control}
              name="port"
              type="text"
              inputMode="numeric"
              autoComplete="off"
              list={`${idBase}-ports`}
              className={`${CONTROL} font-mono`}
              value={values.port}
              onChange={(e) => onChange({ port: e.target.value })}
            />
            <datalist id={`${idBase}-ports`}>
              {PORTS.map(([port, label]) => (
                <option key={port} value={port} label={label} />
              ))}
            </datalist>
          </>
        )}
      </FormField>
      <FormField id={`${idBase}-tls`} label="TLS mode">
        {(control) => <TlsModeSelect control={control} value={values.tls} onChange={(tls) => onChange({ tls })} />}
      </FormField>
    </div>
  );
}

/** The first field with an error, to move focus to after a refused submit. */
export function focusFirstError(idBase: string, errors: Record<string, string | undefined>, order: readonly string[]) {
  const key = order.find((k) => errors[k]);
  if (key) document.getElementById(`${idBase}-${key}`)?.focus();
}
