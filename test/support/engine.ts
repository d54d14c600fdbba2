import { SessionRequest, type SessionRequestInput } from "@/lib/schemas/request";
import type { SessionDocument } from "@/lib/schemas/session";
import type { EventOf, SessionEvent } from "@/lib/schemas/events";
import { loadConfig } from "@/server/config";
import { createDnsClient } from "@/server/dns";
import { sessionError } from "@/server/engine/errors";
import type { EngineDeps } from "@/server/engine/session";
import { startSession } from "@/server/engine/session";
import { type Transport, nodeTransport } from "@/server/engine/transport";
import { createTargetPolicy } from "@/server/target-policy";

export interface TestDepsOptions {
  /** Ports the policy allows besides the defaults (fixture ports are random). */
  ports?: number[];
  dnsServers?: string[];
  transport?: Transport;
  env?: Record<string, string>;
  heloName?: string;
}

/** Engine dependencies for tests: loopback allowed, a loopback DNS server when given, never the system resolver. */
export function testDeps(options: TestDepsOptions = {}): EngineDeps {
  const config = loadConfig({
    HELODESK_ALLOWED_NETWORKS: "127.0.0.0/8,::1/128",
    HELODESK_ALLOWED_PORTS: [25, 465, 587, 2525, ...(options.ports ?? [])].join(","),
    ...options.env,
  });
  return {
    transport: options.transport ?? nodeTransport,
    // Tests must never reach the machine's resolver: without a test server, point at a closed loopback port.
    dns: createDnsClient({ servers: options.dnsServers ?? ["127.0.0.1:9"], timeoutMs: 500 }),
    policy: createTargetPolicy({ allowedNetworks: config.HELODESK_ALLOWED_NETWORKS, allowedPorts: config.HELODESK_ALLOWED_PORTS }),
    config,
    heloName: options.heloName ?? "tester.helodesk.test",
  };
}

/** A request against a loopback fixture with short deadlines, so a hostile server ends tests quickly. */
export function loopbackRequest(port: number, extra: Partial<SessionRequestInput> = {}): SessionRequest {
  return SessionRequest.parse({
    target: "127.0.0.1",
    port,
    timeouts: { connectMs: 2000, greetingMs: 2000, commandMs: 2000, dataEndMs: 2000, tlsMs: 2000, sessionMs: 10_000 },
    ...extra,
  });
}

export async function run(request: SessionRequest, deps: EngineDeps): Promise<SessionDocument> {
  return startSession(request, deps).done;
}

export function eventsOf<T extends SessionEvent["type"]>(doc: { events: SessionEvent[] }, type: T): EventOf<T>[] {
  return doc.events.filter((e): e is EventOf<T> => e.type === type);
}

export function sentLines(doc: { events: SessionEvent[] }): string[] {
  return eventsOf(doc, "send").map((e) => e.line);
}

/** The nth reply to a command; throws with the lines sent, so a failure shows how far the session got. */
export function replyTo(doc: SessionDocument, command: EventOf<"reply">["command"], nth = 0): EventOf<"reply"> {
  const reply = eventsOf(doc, "reply").filter((r) => r.command === command)[nth];
  if (!reply) throw new Error(`no reply to ${command} #${nth} in: ${sentLines(doc).join(" / ")}`);
  return reply;
}

export function check(doc: SessionDocument, id: string) {
  return doc.checks.find((c) => c.id === id);
}

/**
 * Maps ports as a firewall or NAT would: lets a test ask for port 465 or 25 and reach a fixture on a
 * random port, or find a port that drops packets (the connect never completes).
 */
export function mappedTransport(map: Record<number, number | "drop">): Transport {
  return {
    connect(options) {
      const to = map[options.port];
      if (to === "drop") {
        return new Promise((_, reject) => {
          const timer = setTimeout(() => reject(sessionError("connect-timeout", `no answer from ${options.address} port ${options.port} within ${options.timeoutMs / 1000} s`)), options.timeoutMs);
          options.signal.addEventListener("abort", () => {
            clearTimeout(timer);
            reject(sessionError("cancelled", "cancelled while connecting"));
          });
        });
      }
      return nodeTransport.connect({ ...options, port: to ?? options.port });
    },
    startTls: nodeTransport.startTls,
  };
}
