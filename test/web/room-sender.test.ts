import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server, type Socket as ServerSocket } from "socket.io";
import { type Socket, io as connect } from "socket.io-client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SessionEvent } from "@/lib/schemas/events";
import { type RoomSender, roomSender } from "@/server/web/room-sender";

const ROOM = "session:abc";
let io: Server;
let url: string;
const clients: Socket[] = [];
/** The server's side of each client, by the client's socket id. */
const serverSide = new Map<string, ServerSocket>();

beforeEach(async () => {
  const http = createServer();
  io = new Server(http, { serveClient: false });
  io.on("connection", (s) => serverSide.set(s.id, s));
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.disconnect();
  serverSide.clear();
  await io.close();
});

/** A connected client, its events as received, and its socket on the server's side. */
async function member() {
  const c = connect(url, { transports: ["websocket"], forceNew: true });
  clients.push(c);
  const got: number[] = [];
  c.on("session:event", (m: { event: SessionEvent }) => got.push(m.event.seq));
  await new Promise<void>((resolve) => c.on("connect", () => resolve()));
  for (let i = 0; i < 400 && !serverSide.has(c.id!); i++) await new Promise((r) => setTimeout(r, 5));
  const server = serverSide.get(c.id!);
  if (!server) throw new Error("the server did not see the client connect within 2 s");
  return { c, got, server };
}

const event = (seq: number) => ({ id: "abc", event: { type: "note", level: "info", code: "x", text: "t", seq, t: 0, dt: 0 } as SessionEvent });

/** Sends, then a round trip through every client, so whatever was sent has arrived. */
async function sendAndSettle(sender: RoomSender, seq: number) {
  sender.send(event(seq));
  await Promise.all(clients.filter((c) => c.connected).map((c) => new Promise<void>((resolve) => c.emit("ping-back", () => resolve()))));
}

describe("roomSender", () => {
  beforeEach(() => {
    io.on("connection", (s) => s.on("ping-back", (ack: () => void) => ack()));
  });

  it("sends nothing to an empty room and says nobody watches", async () => {
    const outsider = await member();
    const sender = roomSender(io, ROOM);
    expect(sender.watched).toBe(false);
    await sendAndSettle(sender, 1);
    expect(outsider.got).toEqual([]);
  });

  it("follows the room as members come and go, the set emptied and made anew included", async () => {
    const sender = roomSender(io, ROOM);
    const a = await member();
    await a.server.join(ROOM);
    expect(sender.watched).toBe(true);
    await sendAndSettle(sender, 1);
    const b = await member();
    await b.server.join(ROOM);
    await sendAndSettle(sender, 2);
    // Down to one member, not the one the sender last sent to alone.
    await a.server.leave(ROOM);
    await sendAndSettle(sender, 3);
    // Empty: the adapter drops the room's set; then a new member makes a new one.
    const left = new Promise((resolve) => b.server.once("disconnect", resolve));
    b.c.disconnect();
    await left;
    expect(sender.watched).toBe(false);
    await sendAndSettle(sender, 4);
    const c = await member();
    await c.server.join(ROOM);
    await sendAndSettle(sender, 5);
    expect(a.got).toEqual([1, 2]);
    expect(b.got).toEqual([2, 3]);
    expect(c.got).toEqual([5]);
  });
});
