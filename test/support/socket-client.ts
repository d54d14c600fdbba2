import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { io as connect, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "@/lib/socket-contract";
import { type IoServer, type SocketServerOptions, createSocketServer } from "@/server/web/socket-server";

export type TestClient = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * A socket.io client on websocket only, without reconnection; resolves once connected and records it
 * in `clients` so the test's afterEach can disconnect them all.
 */
export async function connectClient(url: string, clients: TestClient[]): Promise<TestClient> {
  const c: TestClient = connect(url, { transports: ["websocket"], forceNew: true, reconnection: false });
  clients.push(c);
  await new Promise<void>((resolve, reject) => {
    c.once("connect", () => resolve());
    c.once("connect_error", reject);
  });
  return c;
}

export interface TestSocketServer {
  io: IoServer;
  url: string;
  close(): Promise<void>;
}

/** The socket.io server on an HTTP server of its own at 127.0.0.1, port 0. */
export async function startSocketServer(options: SocketServerOptions): Promise<TestSocketServer> {
  const http = createServer();
  const io = createSocketServer(http, options);
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  return {
    io,
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => io.close(() => r())),
  };
}
