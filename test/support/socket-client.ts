import { io as connect, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "@/lib/socket-contract";

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
