"use client";

import { type FormEvent, memo, useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import type { SessionRequest } from "@/lib/schemas/request";
import type { FieldIssue } from "@/lib/socket-contract";
import { ShareFields } from "@/components/share/share-fields";
import { AdvancedFields } from "./advanced-fields";
import { AuthFields } from "./auth-fields";
import { ConnectionFields } from "./connection-fields";
import { EnvelopeFields } from "./envelope-fields";
import { FormActions } from "./form-actions";
import type { FieldGroupProps } from "./form-field";
import { type FormValues, usesAuth, usesEnvelope } from "./form-values";
import { hrefFromValues } from "./url-state";
import { useUrlSync } from "./use-url-sync";
import { loadedValidator, loadValidator } from "./lazy-validator";
import { type FieldErrors, type FieldKey, placeIssues } from "./place-issues";

export interface SessionFormProps {
  /** Where the form starts: a shared link's values over the defaults. */
  initialValues: FormValues;
  /** Run once on load when the values are valid (`run=1`). A send test always waits for a click. */
  autoRun?: boolean;
  /** A session is starting or running: Run is disabled and Cancel shown. */
  busy: boolean;
  /** Problems the server found in the last start request, shown next to their fields. */
  serverIssues: readonly FieldIssue[];
  /** Called with a request that passed SessionRequest, never with bad input. */
  onRun(request: SessionRequest): void;
  onCancel(): void;
  /** The form element's id, for a submit button outside it (`form=`). */
  id?: string;
}

// The field groups re-render only when their values, errors or handlers change: Run and the
// session's progress change `busy` alone, which only the buttons show (docs/performance.md, first line).
const Connection = memo(ConnectionFields);
const Envelope = memo(EnvelopeFields);
const Auth = memo(AuthFields);
const Advanced = memo(AdvancedFields);
const Share = memo(ShareFields);

/** Keeps the state as it was when nothing changed, so a check that finds the same errors renders nothing. */
const sameErrors = (a: FieldErrors, b: FieldErrors) => {
  const keys = Object.keys(a) as FieldKey[];
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
};
const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

const count = (n: number) => (n === 1 ? "One field needs" : `${n} fields need`);

/**
 * The SMTP test form. Validation is the server's own SessionRequest schema: per field on blur, all
 * fields on submit; a field with an error is re-checked as it is edited. The schema is loaded on
 * first use (lazy-validator.ts): nothing is shown before then anyway.
 */
export function SessionForm({ initialValues, autoRun = false, busy, serverIssues, onRun, onCancel, id = "session-form" }: SessionFormProps) {
  const idBase = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState(initialValues);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  // After a Run stopped by errors, the summary under it counts what is left as fields are fixed.
  const [attention, setAttention] = useState(false);
  const [focusRequest, setFocusRequest] = useState(0);
  // Server issues stay until their field is edited or a new start answers.
  const [seenIssues, setSeenIssues] = useState(serverIssues);
  const [edited, setEdited] = useState<ReadonlySet<string>>(new Set());
  if (seenIssues !== serverIssues) {
    setSeenIssues(serverIssues);
    setEdited(new Set());
    if (serverIssues.length > 0) setFocusRequest((n) => n + 1);
  }

  useUrlSync(values);

  useEffect(() => {
    if (focusRequest === 0) return;
    const field = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    // A field folded away (Advanced) cannot take focus: unfold it first; its toggle event tells React.
    const fold = field?.closest("details");
    if (fold && !fold.open) fold.open = true;
    field?.focus();
  }, [focusRequest]);

  const fromServer = useMemo(() => placeIssues(serverIssues, values), [serverIssues, values]);
  const shown = useMemo(() => {
    const all: FieldErrors = { ...errors };
    for (const [key, text] of Object.entries(fromServer.errors) as [FieldKey, string][]) {
      if (!edited.has(key)) all[key] ??= text;
    }
    return all;
  }, [errors, fromServer, edited]);

  // The handlers stay the same across renders (the memoised groups keep them) and read what was rendered last.
  const rendered = useRef({ values, errors });
  rendered.current = { values, errors };

  const change = useCallback((patch: Partial<FormValues>) => {
    const { values, errors } = rendered.current;
    const next = { ...values, ...patch };
    setValues(next);
    setEdited((prev) => new Set([...prev, ...Object.keys(patch)]));
    // Errors shown means the validator has loaded: it produced them.
    const validator = loadedValidator();
    if (Object.keys(errors).length === 0 || !validator) return;
    const fresh = validator.validateForm(next).errors;
    setErrors((prev) => Object.fromEntries(Object.keys(prev).flatMap((k) => (fresh[k as FieldKey] ? [[k, fresh[k as FieldKey]]] : []))));
  }, []);

  // Where focus goes when a field loses it, read before the field's own blur handler runs.
  const focusTo = useRef<EventTarget | null>(null);

  const blur = useCallback((key: FieldKey) => {
    const { values, errors } = rendered.current;
    // Leaving a field for Run (or Run again): the submit checks every field a moment later. A message
    // inserted now would push the button down between mousedown and mouseup and swallow the click.
    const next = focusTo.current;
    if (next instanceof HTMLButtonElement && next.type === "submit" && next.form === formRef.current) return;
    const value = values[key];
    // Tabbing past an empty field is not a mistake yet; Run says what is missing.
    if (typeof value === "string" && value.trim() === "" && !errors[key]) return;
    void loadValidator().then(({ validateForm }) => {
      const fresh = validateForm(values).errors[key];
      setErrors((prev) => {
        if (prev[key] === fresh) return prev;
        const { [key]: _old, ...rest } = prev;
        return fresh ? { ...rest, [key]: fresh } : rest;
      });
    });
  }, []);

  // A second Run while the validator is still loading must not start a second test.
  const submitting = useRef(false);

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (busy || submitting.current) return;
    submitting.current = true;
    void loadValidator()
      .then(
        ({ validateForm }) => {
          const result = validateForm(values);
          setErrors((prev) => (sameErrors(prev, result.errors) ? prev : result.errors));
          setUnplaced((prev) => (sameList(prev, result.other) ? prev : result.other));
          setMessage(null);
          setAttention(!result.request);
          if (!result.request) {
            setFocusRequest((n) => n + 1);
            return;
          }
          onRun(result.request);
        },
        () => {
          setAttention(false);
          setMessage("The form's checks did not load: check your connection and press Run again.");
        },
      )
      .finally(() => {
        submitting.current = false;
      });
  };

  const autoRan = useRef(false);
  useEffect(() => {
    if (!autoRun || autoRan.current) return;
    autoRan.current = true;
    // A link must not send mail by itself: the send profile waits for the user's click.
    if (initialValues.profile === "send") setMessage("This link fills in a test message: check it, then press Run to send it.");
    else submit();
    // Once, on load, with the values the link brought.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // The server's refusals count too (a port its policy refuses), until their field is edited.
  const fromServerLeft = Object.keys(fromServer.errors).some((key) => !edited.has(key)) || fromServer.other.length > 0;
  const issues = Object.keys(shown).length + unplaced.length + fromServer.other.length;
  const summary = attention || fromServerLeft ? (issues > 0 ? `${count(issues)} attention before the test can run.` : null) : message;

  const group: FieldGroupProps = { values, errors: shown, idBase, onChange: change, onBlur: blur };
  return (
    <form
      ref={formRef}
      id={id}
      data-testid="session-form"
      aria-label="SMTP test"
      noValidate
      onSubmit={submit}
      onBlurCapture={(e) => {
        focusTo.current = e.relatedTarget;
      }}
      className="space-y-5"
    >
      <Connection {...group} />
      {usesEnvelope(values.profile) ? <Envelope {...group} /> : null}
      {usesAuth(values.profile) ? <Auth {...group} /> : null}
      <Advanced {...group} />
      <Share {...group} />
      {unplaced.length > 0 || fromServer.other.length > 0 ? (
        <ul role="alert" className="list-disc space-y-1 pl-5 text-sm font-medium text-red-700 dark:text-red-300">
          {[...unplaced, ...fromServer.other].map((text) => (
            <li key={text}>{text}</li>
          ))}
        </ul>
      ) : null}
      <FormActions busy={busy} onCancel={onCancel} shareHref={() => hrefFromValues(window.location.pathname, values)} message={summary} />
    </form>
  );
}
