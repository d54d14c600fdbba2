import { AUTH_MECHANISMS } from "@/lib/schemas/request-fields";
import { HINTS } from "./field-hints";
import { type FieldGroupProps, FormField } from "./form-field";
import { isAuthMechanism } from "./form-values";
import { CONTROL, FIELDSET, LEGEND } from "./styles";

const MECHANISM_LABELS: Record<(typeof AUTH_MECHANISMS)[number], string> = {
  auto: "Auto (best offered)",
  PLAIN: "PLAIN",
  LOGIN: "LOGIN",
  "CRAM-MD5": "CRAM-MD5",
  XOAUTH2: "XOAUTH2 (bearer token)",
};

const SECRET_INPUT = { type: "password", autoComplete: "off", autoCapitalize: "none", autoCorrect: "off", spellCheck: false } as const;

/**
 * AUTH credentials. The password and the token are plain component state: they go to the server
 * in the start request and nowhere else (not the URL, not storage).
 */
export function AuthFields({ values, errors, idBase, onChange, onBlur }: FieldGroupProps) {
  const required = values.profile === "auth";
  const xoauth = values.authMechanism === "XOAUTH2";
  return (
    <fieldset className={FIELDSET}>
      <legend className={LEGEND}>
        Authentication
        {required ? null : <span className="font-normal text-slate-600 dark:text-slate-400"> (optional)</span>}
      </legend>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-3">
        <FormField id={`${idBase}-auth-user`} label="AUTH user" error={errors.authUser}>
          {(control) => (
            <input
              {...control}
              name="auth-user"
              type="text"
              autoComplete="off"
              autoCapitalize="none"
              autoCorrect="off"
              spellCheck={false}
              className={CONTROL}
              value={values.authUser}
              onChange={(e) => onChange({ authUser: e.target.value })}
              onBlur={() => onBlur("authUser")}
            />
          )}
        </FormField>
        <FormField id={`${idBase}-auth-mechanism`} label="Mechanism" error={errors.authMechanism}>
          {(control) => (
            <select
              {...control}
              name="auth-mechanism"
              className={CONTROL}
              value={values.authMechanism}
              onChange={(e) => {
                if (isAuthMechanism(e.target.value)) onChange({ authMechanism: e.target.value });
              }}
              onBlur={() => onBlur("authMechanism")}
            >
              {AUTH_MECHANISMS.map((m) => (
                <option key={m} value={m}>
                  {MECHANISM_LABELS[m]}
                </option>
              ))}
            </select>
          )}
        </FormField>
        {xoauth ? (
          <FormField id={`${idBase}-auth-token`} label="Bearer token" hint={HINTS.token} error={errors.authToken}>
            {(control) => (
              <input
                {...control}
                {...SECRET_INPUT}
                name="auth-token"
                className={`${CONTROL} font-mono`}
                value={values.authToken}
                onChange={(e) => onChange({ authToken: e.target.value })}
                onBlur={() => onBlur("authToken")}
              />
            )}
          </FormField>
        ) : (
          <FormField id={`${idBase}-auth-password`} label="Password" hint={HINTS.password} error={errors.authPassword}>
            {(control) => (
              <input
                {...control}
                {...SECRET_INPUT}
                name="auth-password"
                className={CONTROL}
                value={values.authPassword}
                onChange={(e) => onChange({ authPassword: e.target.value })}
                onBlur={() => onBlur("authPassword")}
              />
            )}
          </FormField>
        )}
      </div>
    </fieldset>
  );
}
