import net, { type AddressInfo } from "node:net";
import ipaddr from "ipaddr.js";
import { sessionError } from "@/server/engine/errors";
import { type Transport, nodeTransport } from "@/server/engine/transport";

/**
 * A transport that records every address the engine asks for and passes only loopback on to the real
 * one. Anything else is answered "unreachable" without a socket being made: a policy bug can then fail
 * a test, but never send a packet off this machine.
 */
export function guardTransport(): { transport: Transport; attempts: string[] } {
  const attempts: string[] = [];
  const transport: Transport = {
    connect(options) {
      attempts.push(options.address);
      if (isLoopback(options.address)) return nodeTransport.connect(options);
      return Promise.reject(sessionError("connect-unreachable", `test guard: ${options.address} is not loopback, so no connection was made`));
    },
    startTls: nodeTransport.startTls,
  };
  return { transport, attempts };
}

function isLoopback(address: string): boolean {
  return net.isIP(address) !== 0 && ipaddr.process(address.replace(/%.*$/, "")).range() === "loopback";
}

export interface CountingListener {
  port: number;
  /** Connections accepted so far, on 127.0.0.1 and (when available) ::1. */
  readonly accepted: number;
  /** Resolves at the next accepted connection, or rejects after `ms`. */
  nextConnection(ms: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * TCP listeners on 127.0.0.1 and ::1, same port, that count what they accept and close it at once.
 * Only loopback: a wildcard listener would open the port to the network for the test's duration.
 */
export async function startCountingListener(): Promise<CountingListener> {
  let accepted = 0;
  const waiters: Array<() => void> = [];
  const onConnection = (socket: net.Socket) => {
    accepted++;
    socket.destroy();
    for (const w of waiters.splice(0)) w();
  };
  const v4 = net.createServer(onConnection);
  await new Promise<void>((resolve, reject) => v4.once("error", reject).listen(0, "127.0.0.1", resolve));
  const port = (v4.address() as AddressInfo).port;
  const v6 = net.createServer(onConnection);
  const v6Up = await new Promise<boolean>((resolve) => {
    v6.once("error", () => resolve(false)).listen(port, "::1", () => resolve(true));
  });
  const servers = v6Up ? [v4, v6] : [v4];
  return {
    port,
    get accepted() {
      return accepted;
    },
    nextConnection(ms) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no connection within ${ms} ms`)), ms);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    close: () => Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r())))).then(() => {}),
  };
}
