import type { ControlProps } from "./form-field";
import { CONTROL } from "./styles";

/** The target box, the same everywhere: a domain, host or IP, never autocorrected. */
export function TargetInput({ control, value, onChange, onBlur }: { control: ControlProps; value: string; onChange(value: string): void; onBlur?(): void }) {
  return (
    <input
      {...control}
      name="target"
      type="text"
      inputMode="url"
      autoComplete="off"
      autoCapitalize="none"
      autoCorrect="off"
      spellCheck={false}
      enterKeyHint="go"
      placeholder="example.com"
      className={`${CONTROL} font-mono`}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      onBlur={onBlur}
    />
  );
}
