import type { PublicRequest } from "@/lib/schemas/request";

/** Placeholders a redacted request carries: never worth putting back into a form. */
const HIDDEN = /^\[.*hidden\]$/;

/**
 * The home page's form link (`/?target=…`) that runs the same test again. Only what the form reads;
 * hidden addresses and subjects are left out, and secrets were never in a public request.
 */
export function rerunHref(r: Pick<PublicRequest, "target" | "port" | "profile"> & Partial<PublicRequest>): string {
  const q = new URLSearchParams({ target: r.target });
  if (r.port !== 25) q.set("port", String(r.port));
  if (r.profile !== "ehlo" && r.profile !== "interactive") q.set("profile", r.profile);
  if (r.tls && r.tls !== "auto") q.set("tls", r.tls);
  const put = (key: string, value: string | undefined) => {
    if (value && !HIDDEN.test(value)) q.set(key, value);
  };
  put("from", r.from);
  const to = r.to?.filter((a) => !HIDDEN.test(a)) ?? [];
  if (to.length) q.set("to", to.join(","));
  put("user", r.auth?.username);
  put("subject", r.subject);
  put("mx", r.mx);
  put("helo", r.helo);
  return `/?${q}`;
}
