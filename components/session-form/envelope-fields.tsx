import { CheckboxField } from "./checkbox-field";
import { HINTS } from "./field-hints";
import { type FieldGroupProps, FormField } from "./form-field";
import { usesMessage } from "./form-values";
import { CONTROL, FIELDSET, LEGEND } from "./styles";

const ADDRESS_INPUT = {
  type: "text",
  inputMode: "email",
  autoComplete: "off",
  autoCapitalize: "none",
  autoCorrect: "off",
  spellCheck: false,
} as const;

/** MAIL FROM and RCPT TO (relay, send), plus the test message's options (send). */
export function EnvelopeFields({ values, errors, idBase, onChange, onBlur }: FieldGroupProps) {
  const send = usesMessage(values.profile);
  return (
    <fieldset className={FIELDSET}>
      <legend className={LEGEND}>{send ? "Test message" : "Envelope"}</legend>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <FormField
          id={`${idBase}-from`}
          label="MAIL FROM"
          note={send ? undefined : "optional"}
          hint={send ? HINTS.fromRequired : HINTS.from}
          error={errors.from}
        >
          {(control) => (
            <input
              {...control}
              {...ADDRESS_INPUT}
              name="from"
              placeholder="sender@example.com"
              className={`${CONTROL} font-mono`}
              value={values.from}
              onChange={(e) => onChange({ from: e.target.value })}
              onBlur={() => onBlur("from")}
            />
          )}
        </FormField>
        <FormField
          id={`${idBase}-to`}
          label="RCPT TO"
          note={send ? undefined : "optional"}
          hint={send ? HINTS.to : HINTS.toRelay}
          error={errors.to}
        >
          {(control) => (
            <input
              {...control}
              {...ADDRESS_INPUT}
              name="to"
              placeholder="someone@example.net"
              className={`${CONTROL} font-mono`}
              value={values.to}
              onChange={(e) => onChange({ to: e.target.value })}
              onBlur={() => onBlur("to")}
            />
          )}
        </FormField>
        {send ? (
          <>
            <FormField id={`${idBase}-subject`} label="Subject" note="optional" hint={HINTS.subject} error={errors.subject} className="sm:col-span-2">
              {(control) => (
                <input
                  {...control}
                  name="subject"
                  type="text"
                  maxLength={200}
                  className={CONTROL}
                  value={values.subject}
                  onChange={(e) => onChange({ subject: e.target.value })}
                  onBlur={() => onBlur("subject")}
                />
              )}
            </FormField>
            <CheckboxField
              id={`${idBase}-dsn`}
              label="Ask for delivery notifications (DSN)"
              hint={HINTS.dsn}
              checked={values.dsn}
              error={errors.dsn}
              onChange={(dsn) => onChange({ dsn })}
              onBlur={() => onBlur("dsn")}
            />
            <CheckboxField
              id={`${idBase}-chunking`}
              label="Send with BDAT (chunking)"
              hint={HINTS.chunking}
              checked={values.chunking}
              error={errors.chunking}
              onChange={(chunking) => onChange({ chunking })}
              onBlur={() => onBlur("chunking")}
            />
          </>
        ) : null}
      </div>
    </fieldset>
  );
}
