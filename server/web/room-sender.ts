import type { SessionEvent } from "@/lib/schemas/events";
import type { IoServer, IoSocket } from "./socket-server";

type Payload = { id: string; event: SessionEvent };

/** How many rooms each server's adapter has made so far. */
const counters = new WeakMap<IoServer, { count: number }>();
function roomsMade(io: IoServer): { count: number } {
  let made = counters.get(io);
  if (!made) {
    const counter = { count: 0 };
    io.sockets.adapter.on("create-room", () => counter.count++);
    counters.set(io, (made = counter));
  }
  return made;
}

export interface RoomSender {
  /** Whether anyone is in the room now. */
  readonly watched: boolean;
  /** One event to everyone in the room; nothing at all when it is empty. */
  send(payload: Payload): void;
}

/**
 * The sender of one room's events. An empty room (most sessions have no viewers) costs nothing:
 * socket.io would encode a broadcast before looking at the room. Nearly every other room is one
 * browser, the creator's: sent on its socket directly, without the broadcast's room lookups and sets.
 *
 * The room's member set is kept between events instead of looked up in the adapter's map of every
 * room (two lookups per event in maps of thousands of entries showed in the server's CPU profile).
 * That is safe because socket.io's adapter drops a room's set from its map exactly when the set
 * becomes empty and makes a new one when someone joins again: a kept set that is not empty is the
 * room's current one; an empty one is looked up afresh, but only once a room has been made since
 * the last look (the adapter's documented "create-room" event): a share link's viewers' room is
 * asked about at every event of the session, and is nearly always empty.
 */
export function roomSender(io: IoServer, room: string): RoomSender {
  const made = roomsMade(io);
  let members: Set<string> | undefined;
  let emptyAt = -1;
  let only: IoSocket | undefined;
  const current = () => {
    if (members && members.size > 0) return members;
    if (emptyAt === made.count) return undefined;
    members = io.sockets.adapter.rooms.get(room);
    if (members && members.size > 0) return members;
    emptyAt = made.count;
    return undefined;
  };
  return {
    get watched() {
      return current() !== undefined;
    },
    send(payload) {
      const now = current();
      if (!now) return;
      if (now.size === 1) {
        // A socket leaves all its rooms when it disconnects: a member is a connected socket.
        if (!only || !now.has(only.id)) only = io.sockets.sockets.get(now.values().next().value!);
        if (only) return void only.emit("session:event", payload);
      }
      io.to(room).emit("session:event", payload);
    },
  };
}
