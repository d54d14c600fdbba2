import { TLS_MODES, type TlsMode } from "@/lib/schemas/request-fields";
import type { ControlProps } from "./form-field";
import { isTlsMode } from "./form-values";
import { CONTROL } from "./styles";

const TLS_LABEL: Record<TlsMode, string> = {
  auto: "Auto (STARTTLS when offered)",
  starttls: "STARTTLS (required)",
  implicit: "Implicit TLS (port 465)",
  none: "None (plaintext)",
};

interface TlsModeSelectProps {
  control: ControlProps;
  value: TlsMode;
  onChange(tls: TlsMode): void;
  onBlur?(): void;
}

/** The TLS mode picker of the test form and the console. */
export function TlsModeSelect({ control, value, onChange, onBlur }: TlsModeSelectProps) {
  return (
    <select
      {...control}
      name="tls"
      className={CONTROL}
      value={value}
      onChange={(e) => {
        if (isTlsMode(e.target.value)) onChange(e.target.value);
      }}
      onBlur={onBlur}
    >
      {TLS_MODES.map((m) => (
        <option key={m} value={m}>
          {TLS_LABEL[m]}
        </option>
      ))}
    </select>
  );
}
