import { promises as dns } from "node:dns";
import ipaddr from "ipaddr.js";

export interface MxRecord {
  exchange: string;
  priority: number;
}

/** The DNS questions the engine asks; injected so tests can answer from a loopback server. */
export interface DnsClient {
  mx(name: string): Promise<MxRecord[]>;
  a(name: string): Promise<string[]>;
  aaaa(name: string): Promise<string[]>;
  ptr(address: string): Promise<string[]>;
}

export interface DnsClientOptions {
  /** "ip" or "ip:port" entries; empty means the system's resolvers (and /etc/hosts for A/AAAA). */
  servers?: string[];
  timeoutMs?: number;
}

/** Codes for "the name has no such record" as opposed to "DNS failed". */
export const NO_RECORD_CODES = new Set(["ENODATA", "ENOTFOUND", "NXDOMAIN"]);

export function createDnsClient(options: DnsClientOptions = {}): DnsClient {
  const resolver = new dns.Resolver({ timeout: options.timeoutMs ?? 5000, tries: 2 });
  const custom = (options.servers?.length ?? 0) > 0;
  if (custom) resolver.setServers(options.servers!);

  // Without configured servers, A/AAAA go through the system's lookup so /etc/hosts names work too.
  const viaLookup = async (name: string, family: 4 | 6) => {
    try {
      const all = await dns.lookup(name, { all: true, family, verbatim: true });
      return all.map((r) => r.address);
    } catch (err) {
      if (isNoRecord(err)) return [];
      throw err;
    }
  };
  const noneOnMissing = async (q: Promise<string[]>) => {
    try {
      return await q;
    } catch (err) {
      if (isNoRecord(err)) return [];
      throw err;
    }
  };

  return {
    mx: (name) => resolver.resolveMx(name),
    a: (name) => (custom ? noneOnMissing(resolver.resolve4(name)) : viaLookup(name, 4)),
    aaaa: (name) => (custom ? noneOnMissing(resolver.resolve6(name)) : viaLookup(name, 6)),
    // resolvePtr on the reverse name, not reverse(): c-ares answers reverse() for /etc/hosts entries
    // itself, so the configured server would never be asked about 127.0.0.1 or ::1.
    ptr: (address) => noneOnMissing(resolver.resolvePtr(reverseName(address))),
  };
}

export function isNoRecord(err: unknown): boolean {
  return typeof err === "object" && err !== null && NO_RECORD_CODES.has(String((err as { code?: unknown }).code));
}

/** The in-addr.arpa or ip6.arpa name of an address (RFC 1035 3.5, RFC 3596 2.5). */
export function reverseName(address: string): string {
  const ip = ipaddr.process(address);
  const bytes = ip.toByteArray();
  if (ip.kind() === "ipv4") return `${bytes.reverse().join(".")}.in-addr.arpa`;
  const nibbles = bytes.flatMap((b) => [b >> 4, b & 0x0f]).map((n) => n.toString(16));
  return `${nibbles.reverse().join(".")}.ip6.arpa`;
}
