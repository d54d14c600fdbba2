import { SessionRequest } from "@/lib/schemas/request";
import { loadConfig } from "@/server/config";
import { createDnsClient } from "@/server/dns";
import type { EngineDeps } from "@/server/engine/session";
import { nodeTransport } from "@/server/engine/transport";
import { createTargetPolicy } from "@/server/target-policy";

export const BENCH_FROM = "bench@helodesk.test";
export const BENCH_TO = "sink@helodesk.test";
export const BENCH_HELO = "bench.helodesk.test";

/** The real engine I/O, with loopback allowed and DNS answered by the bench's own loopback server. */
export function benchDeps(dnsServer: string): EngineDeps {
  const config = loadConfig({ HELODESK_ALLOWED_NETWORKS: "127.0.0.0/8", HELODESK_ALLOWED_PORTS: "1024-65535", HELODESK_DNS_SERVERS: dnsServer });
  return {
    transport: nodeTransport,
    dns: createDnsClient({ servers: [dnsServer], timeoutMs: 1000 }),
    policy: createTargetPolicy({ allowedNetworks: config.HELODESK_ALLOWED_NETWORKS, allowedPorts: config.HELODESK_ALLOWED_PORTS }),
    config,
    heloName: BENCH_HELO,
  };
}

export function sendRequest(port: number): SessionRequest {
  return SessionRequest.parse({ target: "127.0.0.1", port, profile: "send", from: BENCH_FROM, to: [BENCH_TO] });
}
