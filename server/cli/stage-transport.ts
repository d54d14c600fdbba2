import { randomBytes } from "node:crypto";
import net, { type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sessionError } from "@/server/engine/errors";
import type { Transport } from "@/server/engine/transport";
import { STAGE_SOCKET, StageServer } from "./stage-server";

export interface Stage {
  transport: Transport;
  /** Closes the listener and every socket, and resolves once all of them have closed. */
  close(): Promise<void>;
}

const startTls: Transport["startTls"] = async () => {
  throw sessionError("tls-handshake-failed", "the rehearsal has no TLS");
};

/** The stage without any socket: the StageServer itself stands in for the connection. */
const inMemoryStage: Stage = {
  transport: { connect: async () => new StageServer() as unknown as Socket, startTls },
  close: async () => undefined,
};

/**
 * The stage behind a real local stream socket, so the rehearsal also runs Node's own socket, stream
 * and timer code (a connect, reads, writes, a close) that the real session will run: code a fresh
 * process otherwise runs for the first time with the server's connection open. The socket is a Unix
 * socket in Linux's abstract namespace (no file, gone with the process), a named pipe on Windows,
 * a file in the temp folder elsewhere; it accepts one connection and is never a network socket.
 * Falls back to the in-memory stage if it cannot listen.
 */
export async function openStage(): Promise<Stage> {
  const name = `helodesk-rehearsal-${process.pid}-${randomBytes(6).toString("hex")}`;
  const path = process.platform === "linux" ? `\0${name}` : process.platform === "win32" ? `\\\\.\\pipe\\${name}` : join(tmpdir(), `${name}.sock`);
  const sockets = new Set<Socket>();
  const closed: Promise<void>[] = [];
  const track = (socket: Socket) => {
    sockets.add(socket);
    closed.push(new Promise((resolve) => socket.once("close", () => resolve())));
    socket.on("error", () => undefined);
  };
  const server = net.createServer((conn) => {
    track(conn);
    server.close();
    conn.pipe(new StageServer()).pipe(conn);
  });
  const serverClosed = new Promise<void>((resolve) => server.once("close", () => resolve()));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(path, resolve);
    });
  } catch {
    return inMemoryStage;
  }
  const connect: Transport["connect"] = () =>
    new Promise((resolve, reject) => {
      const socket = net.connect({ path });
      track(socket);
      socket.once("error", reject);
      socket.once("connect", () => {
        // What the engine reads off a TCP socket; a Unix socket has no addresses.
        for (const [key, value] of Object.entries(STAGE_SOCKET)) Object.defineProperty(socket, key, { value });
        resolve(socket);
      });
    });
  return {
    transport: { connect, startTls },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      if (server.listening) server.close();
      await Promise.all([...closed, serverClosed]);
    },
  };
}
