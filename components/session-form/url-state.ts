import {
  DEFAULT_VALUES,
  type FormValues,
  isAuthMechanism,
  isFormProfile,
  isTlsMode,
  splitRecipients,
  usesAuth,
  usesEnvelope,
  usesMessage,
} from "./form-values";

/** What Next hands a page as `searchParams` once awaited. */
export type QueryParams = Record<string, string | string[] | undefined>;

export interface InitialForm {
  values: FormValues;
  /** `run=1`: start as soon as the page opens (when the values are valid and the profile allows it). */
  autoRun: boolean;
}

/** A query value is kept as typed, but capped so a hostile link cannot stuff the form. */
const MAX_PARAM = 2048;

function first(query: QueryParams, key: string): string | undefined {
  const v = query[key];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined ? undefined : s.slice(0, MAX_PARAM);
}

function flag(query: QueryParams, key: string): boolean {
  const v = first(query, key);
  return v === "1" || v === "true" || v === "yes" || v === "on";
}

/**
 * The form's starting state from a shared link. Unknown or bad enum values fall back to the default;
 * free text is kept, so validation can say what is wrong with it. `password`, `token` and any other
 * secret in a link are ignored on purpose.
 */
export function formFromQuery(query: QueryParams): InitialForm {
  const profile = first(query, "profile") ?? "";
  const tls = first(query, "tls") ?? "";
  const mech = first(query, "mech") ?? "";
  const toRaw = query.to;
  const to = (Array.isArray(toRaw) ? toRaw.join(", ") : (toRaw ?? "")).slice(0, MAX_PARAM);
  return {
    values: {
      ...DEFAULT_VALUES,
      target: first(query, "target") ?? DEFAULT_VALUES.target,
      port: first(query, "port") ?? DEFAULT_VALUES.port,
      profile: isFormProfile(profile) ? profile : DEFAULT_VALUES.profile,
      tls: isTlsMode(tls) ? tls : DEFAULT_VALUES.tls,
      from: first(query, "from") ?? "",
      to,
      authUser: first(query, "user") ?? "",
      authMechanism: isAuthMechanism(mech) ? mech : DEFAULT_VALUES.authMechanism,
      dsn: flag(query, "dsn"),
      chunking: flag(query, "chunking"),
      subject: first(query, "subject") ?? "",
      mx: first(query, "mx") ?? "",
      helo: first(query, "helo") ?? "",
    },
    autoRun: flag(query, "run"),
  };
}

/**
 * The query string for a link that reopens the form as it is: only what the profile uses and what
 * differs from the defaults. Never the password or the token.
 */
export function queryFromValues(v: FormValues): URLSearchParams {
  const q = new URLSearchParams();
  const put = (key: string, value: string, fallback = "") => {
    const s = value.trim();
    if (s !== fallback) q.set(key, s);
  };
  put("target", v.target);
  put("port", v.port, DEFAULT_VALUES.port);
  put("profile", v.profile, DEFAULT_VALUES.profile);
  put("tls", v.tls, DEFAULT_VALUES.tls);
  if (usesEnvelope(v.profile)) {
    put("from", v.from);
    put("to", splitRecipients(v.to).join(","));
  }
  if (usesAuth(v.profile)) {
    put("user", v.authUser);
    put("mech", v.authMechanism, DEFAULT_VALUES.authMechanism);
  }
  if (usesMessage(v.profile)) {
    if (v.dsn) q.set("dsn", "1");
    if (v.chunking) q.set("chunking", "1");
    put("subject", v.subject);
  }
  put("mx", v.mx);
  put("helo", v.helo);
  return q;
}

/** The path plus query for `history.replaceState`. */
export function hrefFromValues(pathname: string, v: FormValues): string {
  const query = queryFromValues(v).toString();
  return query ? `${pathname}?${query}` : pathname;
}
