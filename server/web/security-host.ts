import { isIP } from "node:net";

/**
 * The names HeloDesk answers to. DNS rebinding: a page on attacker.example whose name is made to
 * resolve to HeloDesk's address is "same origin" with it as far as the browser knows, so the Origin
 * check passes and the page can start sessions (to the networks HELODESK_ALLOWED_NETWORKS opens) and
 * read every answer. What gives it away is the Host header, which carries the attacker's name. So a
 * request is served only under a name HeloDesk knows: an IP address or localhost (rebinding needs a
 * name of the attacker's), the name HELODESK_PUBLIC_URL gives, a name in HELODESK_ALLOWED_ORIGINS, or
 * the name HOST binds to.
 */
export interface HostPolicy {
  names: ReadonlySet<string>;
}

export function hostPolicy(settings: { publicUrl?: string; allowedOrigins: readonly string[]; bindHost: string }): HostPolicy {
  const names = new Set<string>();
  for (const url of [settings.publicUrl, ...settings.allowedOrigins]) {
    const name = url ? hostnameOf(url) : null;
    if (name) names.add(name);
  }
  const bind = settings.bindHost.toLowerCase().replace(/\.$/, "");
  if (isIP(bind) === 0) names.add(bind);
  return { names };
}

function hostnameOf(url: string): string | null {
  try {
    return new URL(url).hostname.toLowerCase().replace(/\.$/, "");
  } catch {
    return null;
  }
}

/** Whether a request with this Host header may be served. No Host at all: not a browser (HTTP/1.0). */
export function hostAllowed(host: string | undefined, policy: HostPolicy): boolean {
  if (host === undefined) return true;
  const name = hostnameOf(`http://${host}`);
  if (name === null) return false;
  if (name.startsWith("[") || isIP(name) !== 0) return true;
  if (name === "localhost" || name.endsWith(".localhost")) return true;
  return policy.names.has(name);
}

/** What the refusal says: the name, and the setting that would let it in. */
export function hostRefusal(host: string | undefined): string {
  const name = (host ?? "").replace(/[^\x21-\x7e]/g, "?").slice(0, 100);
  return `HeloDesk does not answer to the name ${name}: if this is its address, its operator sets HELODESK_PUBLIC_URL to it (like https://${name}) or lists it in HELODESK_ALLOWED_ORIGINS. (A page of another site that made its name point here is refused this way: DNS rebinding.)`;
}
