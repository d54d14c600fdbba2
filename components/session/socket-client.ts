"use client";

import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "@/lib/socket-contract";

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let shared: ClientSocket | null = null;

/** One socket per page, same origin, websocket first with polling as the fallback. */
export function getSocket(): ClientSocket {
  shared ??= io({ transports: ["websocket", "polling"], reconnectionDelayMax: 2000 });
  return shared;
}
