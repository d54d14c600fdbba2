import { Decoder, Encoder, type Packet, PacketType, protocol } from "socket.io-parser";
import { keptEventJson } from "@/lib/event-json";
import type { SessionEvent } from "@/lib/schemas/events";

/** The payload of a session:event packet as the socket server sends it, or null for anything else. */
function sessionEventPayload(packet: Packet): { id: string; event: SessionEvent } | null {
  if (packet.type !== PacketType.EVENT || packet.id !== undefined || packet.nsp !== "/") return null;
  const data: unknown = packet.data;
  if (!Array.isArray(data) || data.length !== 2 || data[0] !== "session:event") return null;
  const payload = data[1] as { id?: unknown; event?: unknown } | null;
  if (payload === null || typeof payload !== "object" || typeof payload.id !== "string" || payload.event === null || typeof payload.event !== "object") return null;
  // Exactly `{ id, event }`, in that order: the JSON below writes those two keys and nothing else.
  let n = 0;
  for (const key in payload) {
    if (key !== (n === 0 ? "id" : n === 1 ? "event" : null)) return null;
    n++;
  }
  return n === 2 ? (payload as { id: string; event: SessionEvent }) : null;
}

/**
 * socket.io's own encoder, except for a session:event packet whose event the store has just written
 * (persist-session.ts keeps its JSON until the event is sent): the packet is put together around that
 * string, the same characters `JSON.stringify` gives (event-encoder.test.ts compares them with the
 * stock encoder's). An event is thus serialised once for the store and the browsers instead of once
 * each, the stock encoder's walk of the payload looking for binary data is skipped, and the browser
 * is sent exactly what the store holds. The browser's decoder is the stock one: the wire format is
 * unchanged.
 */
class EventEncoder extends Encoder {
  override encode(packet: Packet): Array<string | Buffer | ArrayBuffer> {
    const payload = sessionEventPayload(packet);
    const json = payload && keptEventJson(payload.event);
    if (!payload || json === undefined) return super.encode(packet);
    return [`${PacketType.EVENT}["session:event",{"id":${JSON.stringify(payload.id)},"event":${json}}]`];
  }
}

/** The `parser` option of the socket.io server. */
export const eventParser = { protocol, Encoder: EventEncoder, Decoder };
