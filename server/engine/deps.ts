import type { EngineConfig } from "@/server/config";
import { createDnsClient } from "@/server/dns";
import { createTargetPolicy } from "@/server/target-policy";
import type { EngineDeps } from "./session";
import { nodeTransport } from "./transport";

/** The real I/O, wired once at an entry point (CLI, web server). */
export function engineDeps(config: EngineConfig): EngineDeps {
  return {
    transport: nodeTransport,
    dns: createDnsClient({ servers: config.HELODESK_DNS_SERVERS }),
    policy: createTargetPolicy({ allowedNetworks: config.HELODESK_ALLOWED_NETWORKS, allowedPorts: config.HELODESK_ALLOWED_PORTS }),
    config,
  };
}
