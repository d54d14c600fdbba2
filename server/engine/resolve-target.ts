import net from "node:net";
import type { DnsClient, MxRecord } from "@/server/dns";
import { isNoRecord } from "@/server/dns";
import type { SessionRequest } from "@/lib/schemas/request";
import { readTarget } from "@/lib/target-reading";
import { sessionError } from "./errors";
import type { Recorder } from "./recorder";

export interface Candidate {
  address: string;
  family: 4 | 6;
}

export interface ResolvedTarget {
  /** How the server was found. */
  via: "ip" | "mx" | "host";
  /** The host name connected to (SNI, certificate and greeting checks), or the IP literal. */
  host: string;
  /** True when host is a name, not an IP literal. */
  named: boolean;
  candidates: Candidate[];
}

/** MX, then A and AAAA, each step recorded as it happens. */
export async function resolveTarget(request: SessionRequest, dns: DnsClient, recorder: Recorder): Promise<ResolvedTarget> {
  const target = readTarget(request.target);
  if (target.kind === "ip") {
    if (target.address !== request.target.trim().replace(/^\[|\]$/g, "").toLowerCase()) {
      recorder.emit({ type: "note", level: "info", code: "target-normalised", text: `${request.target} is read as the IP address ${target.address}.` });
    }
    return { via: "ip", host: target.address, named: false, candidates: [{ address: target.address, family: net.isIPv6(target.address) ? 6 : 4 }] };
  }

  const mx = await lookupMx(target.name, dns, recorder);
  if (mx.nxdomain && !request.mx) {
    // The commonest help-desk case, a mistyped domain: said as such, not as "no MX, no address".
    throw sessionError("no-address", `the domain ${target.name} does not exist (DNS answered NXDOMAIN, no such name): check its spelling`);
  }
  let host = target.name;
  let via: ResolvedTarget["via"] = "host";
  if (request.mx) {
    // Read the MX host exactly as the target is read, so `0x7f.1` is the literal it means, not a DNS name.
    const chosen = readTarget(request.mx);
    host = chosen.kind === "name" ? chosen.name.replace(/\.$/, "") : chosen.address;
    via = "mx";
    if (mx.length > 0 && !mx.some((r) => sameName(r.exchange, host))) {
      recorder.emit({ type: "note", level: "warn", code: "mx-not-listed", text: `${host} is not one of ${target.name}'s MX hosts; testing it as asked.` });
    }
  } else if (mx.length > 0) {
    if (mx.length === 1 && (mx[0]!.exchange === "" || mx[0]!.exchange === ".")) {
      throw sessionError("null-mx", `the domain ${target.name} publishes a null MX (RFC 7505): it accepts no mail at all`);
    }
    const best = mx[0]!;
    host = best.exchange.replace(/\.$/, "");
    via = "mx";
    if (net.isIP(host)) {
      recorder.emit({
        type: "note",
        level: "warn",
        code: "mx-ip-literal",
        text: `The MX record of ${target.name} is an IP address (${host}), not a host name: RFC 5321 5.1 wants a name there, and most sending servers (Postfix among them) will not deliver to it. Give the server a name with an A record and point the MX at that name. Tested anyway.`,
      });
    }
    const others = mx.length - 1;
    recorder.emit({
      type: "note",
      level: "info",
      code: "mx-chosen",
      text: `Testing ${host}, the preferred mail server of ${target.name} (priority ${best.priority})${others ? `; ${others} other MX host${others > 1 ? "s" : ""} listed` : ""}.`,
    });
  } else if (mx.failed) {
    // Not "no MX": a sending server that cannot look it up waits and retries; it does not fall back.
    recorder.emit({
      type: "note",
      level: "warn",
      code: "mx-lookup-failed",
      text: `The MX lookup for ${target.name} failed (${mx.error}), so it is not known whether the domain has MX records: sending servers would wait and retry. Tested as a host name meanwhile; check the domain's DNS servers.`,
    });
  } else {
    recorder.emit({
      type: "note",
      level: "info",
      code: "no-mx",
      text: `${target.name} has no MX record, so it is tested as a host name (RFC 5321 5.1 also delivers to a domain's own address when it has no MX).`,
    });
  }

  if (net.isIP(host)) return { via, host, named: false, candidates: [{ address: host, family: net.isIPv6(host) ? 6 : 4 }] };
  const [a, aaaa] = await Promise.all([lookup("A", host, () => dns.a(host), recorder), lookup("AAAA", host, () => dns.aaaa(host), recorder)]);
  const candidates: Candidate[] = [...a.map((address) => ({ address, family: 4 as const })), ...aaaa.map((address) => ({ address, family: 6 as const }))];
  if (candidates.length === 0) {
    const failed = a.failed && aaaa.failed;
    throw sessionError(failed ? "dns-failed" : "no-address", failed ? `could not resolve ${host}: ${a.error ?? aaaa.error ?? "the lookup failed"}` : `the host ${host} has no A or AAAA record: there is no address to connect to`);
  }
  return { via, host, named: true, candidates };
}

/**
 * The MX records, sorted; none with `failed` set when DNS could not say (not when it said none), or
 * with `nxdomain` when it said the name does not exist at all.
 */
async function lookupMx(name: string, dns: DnsClient, recorder: Recorder): Promise<MxRecord[] & { failed: boolean; nxdomain: boolean; error: string | null }> {
  const started = recorder.elapsed();
  try {
    const records = (await dns.mx(name)).sort((x, y) => x.priority - y.priority);
    recorder.emit({
      type: "dns",
      query: "MX",
      purpose: "mx",
      name,
      records: records.map((r) => ({ value: r.exchange, priority: r.priority })),
      error: null,
      ms: recorder.elapsed() - started,
    });
    return Object.assign(records, { failed: false, nxdomain: false, error: null });
  } catch (err) {
    const error = dnsErrorText(err);
    recorder.emit({ type: "dns", query: "MX", purpose: "mx", name, records: [], error, ms: recorder.elapsed() - started });
    const nxdomain = String((err as { code?: unknown })?.code) === "ENOTFOUND";
    return Object.assign([] as MxRecord[], { failed: !isNoRecord(err), nxdomain, error });
  }
}

async function lookup(query: "A" | "AAAA", name: string, ask: () => Promise<string[]>, recorder: Recorder) {
  const started = recorder.elapsed();
  try {
    const records = await ask();
    recorder.emit({ type: "dns", query, purpose: "address", name, records: records.map((value) => ({ value })), error: null, ms: recorder.elapsed() - started });
    return Object.assign(records, { failed: false, error: null });
  } catch (err) {
    const error = dnsErrorText(err);
    recorder.emit({ type: "dns", query, purpose: "address", name, records: [], error, ms: recorder.elapsed() - started });
    return Object.assign([] as string[], { failed: !isNoRecord(err), error });
  }
}

export interface PtrAnswer {
  names: string[];
  error: string | null;
  ms: number;
}

/**
 * Asks for the name of an address (PTR) once; never rejects. Apart from recording it, so one answer
 * can serve two purposes: on loopback the local and the remote address are the same.
 */
export async function askPtr(address: string, dns: DnsClient, recorder: Recorder, timeoutMs: number): Promise<PtrAnswer> {
  const started = recorder.elapsed();
  let timer: NodeJS.Timeout | undefined;
  try {
    const names = await Promise.race([
      dns.ptr(address),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(Object.assign(new Error("timeout"), { code: "ETIMEOUT" })), timeoutMs);
      }),
    ]);
    return { names, error: null, ms: recorder.elapsed() - started };
  } catch (err) {
    return { names: [], error: dnsErrorText(err), ms: recorder.elapsed() - started };
  } finally {
    clearTimeout(timer);
  }
}

/** Records a PTR answer for one purpose once it is in; resolves with the first name, if any. */
export async function recordPtr(address: string, answer: Promise<PtrAnswer>, purpose: "local-ptr" | "remote-ptr", recorder: Recorder): Promise<string | null> {
  const { names, error, ms } = await answer;
  if (!recorder.isClosed) {
    recorder.emit({ type: "dns", query: "PTR", purpose, name: address, records: names.map((value) => ({ value })), error, ms });
  }
  return names[0] ?? null;
}

function dnsErrorText(err: unknown): string {
  const code = String((err as { code?: unknown })?.code ?? "");
  switch (code) {
    case "ENOTFOUND":
      return "no such name (NXDOMAIN)";
    case "ENODATA":
      return "no record of this type";
    case "ETIMEOUT":
      return "the DNS server did not answer in time";
    case "ESERVFAIL":
      return "the DNS server failed to answer (SERVFAIL)";
    case "ECONNREFUSED":
      return "the DNS server refused the query";
    case "EREFUSED":
      return "the DNS server refused the query (REFUSED)";
    default:
      return code || (err instanceof Error ? err.message : "DNS lookup failed");
  }
}

function sameName(a: string, b: string): boolean {
  return a.replace(/\.$/, "").toLowerCase() === b.replace(/\.$/, "").toLowerCase();
}
