import { DEFAULT_VALUES, type FormValues, isFormProfile } from "@/components/session-form/form-values";
import { hrefFromValues } from "@/components/session-form/url-state";
import { consoleHref } from "@/lib/page-links";
import type { PublicRequest } from "@/lib/schemas/request";

/** Placeholders a redacted request carries: never worth putting back into a form. */
const HIDDEN = /^\[.*hidden\]$/;
const shown = (value: string | undefined) => (value && !HIDDEN.test(value) ? value : "");

export type RerunRequest = Pick<PublicRequest, "target" | "port" | "profile"> & Partial<PublicRequest>;

/**
 * The link that runs the same test again: the home page's form link (`/?target=…`) with every option
 * the form keeps in its own link (queryFromValues: one rule for both), or the console's for a typed
 * session. Hidden addresses and subjects are left out, and secrets were never in a public request.
 */
export function rerunHref(r: RerunRequest): string {
  if (!isFormProfile(r.profile)) {
    return consoleHref({ target: r.target, port: r.port, tls: r.tls ?? "auto" });
  }
  const values: FormValues = {
    ...DEFAULT_VALUES,
    target: r.target,
    port: String(r.port),
    profile: r.profile,
    tls: r.tls ?? DEFAULT_VALUES.tls,
    from: shown(r.from),
    to: (r.to ?? []).filter((a) => !HIDDEN.test(a)).join(","),
    authUser: r.auth?.username ?? "",
    authMechanism: r.auth?.mechanism ?? DEFAULT_VALUES.authMechanism,
    dsn: r.dsn ?? false,
    chunking: r.chunking ?? false,
    subject: shown(r.subject),
    mx: r.mx ?? "",
    helo: r.helo ?? "",
  };
  return hrefFromValues("/", values);
}
