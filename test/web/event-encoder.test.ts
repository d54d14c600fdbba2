import fc from "fast-check";
import { Decoder, Encoder, type Packet, PacketType } from "socket.io-parser";
import { afterEach, describe, expect, it } from "vitest";
import { keepEventJson } from "@/lib/event-json";
import type { SessionEvent } from "@/lib/schemas/events";
import { eventParser } from "@/server/web/event-encoder";
import { type ScriptedServer, startScriptedServer } from "../fixtures/scripted-server";
import { loopbackRequest, run, testDeps } from "../support/engine";

const stock = new Encoder();
const ours = new eventParser.Encoder();
const eventPacket = (id: string, event: unknown): Packet => ({ type: PacketType.EVENT, nsp: "/", data: ["session:event", { id, event }] });
const decode = (encoded: unknown[]) =>
  new Promise<Packet>((resolve) => {
    const decoder = new Decoder();
    decoder.on("decoded", resolve);
    for (const part of encoded) decoder.add(part as string);
  });

let server: ScriptedServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

/** The socket server's encoder builds session:event packets from eventJson (server/web/event-encoder.ts). */
describe("session:event encoder", () => {
  it("writes every event of a real send session exactly as socket.io's own encoder does", async () => {
    server = await startScriptedServer();
    const doc = await run(loopbackRequest(server.port, { profile: "send", from: "a@helodesk.test", to: ["b@helodesk.test"] }), testDeps({ ports: [server.port] }));
    expect(new Set(doc.events.map((e) => e.type)).size).toBeGreaterThan(4);
    for (const event of doc.events) {
      // As persist-session does once the store has the event.
      keepEventJson(event);
      const packet = eventPacket(doc.id, event);
      const encoded = ours.encode(packet);
      expect(encoded).toEqual(stock.encode(packet));
      expect((await decode(encoded)).data).toEqual(["session:event", JSON.parse(JSON.stringify({ id: doc.id, event }))]);
    }
  });

  it("sends the JSON kept for the store, made once, to the browsers too", () => {
    const event = { type: "note", seq: 1, t: 0, dt: 0, level: "info", text: "kept" } as unknown as SessionEvent;
    keepEventJson(event);
    (event as { text: string }).text = "changed after the store wrote it";
    expect(ours.encode(eventPacket("s1", event))).toEqual(['2["session:event",{"id":"s1","event":{"type":"note","seq":1,"t":0,"dt":0,"level":"info","text":"kept"}}]']);
  });

  it("matches the stock encoder for any event-shaped payload", () => {
    const event = fc.dictionary(fc.string({ unit: "binary" }), fc.oneof(fc.jsonValue(), fc.constant(undefined)));
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), event, (id, e) => {
        keepEventJson(e as unknown as SessionEvent);
        const packet = eventPacket(id, e);
        expect(ours.encode(packet)).toEqual(stock.encode(packet));
      }),
      { numRuns: 1000 },
    );
  });

  it("leaves every other packet to the stock encoder: acks, other events, other namespaces, other payload shapes, events not stored", () => {
    const event = { type: "note", seq: 1, text: "x" };
    keepEventJson(event as unknown as SessionEvent);
    const packets: Packet[] = [
      { type: PacketType.ACK, nsp: "/", id: 3, data: [{ ok: true }] },
      { type: PacketType.EVENT, nsp: "/", data: ["session:end", { id: "s", outcome: "ok" }] },
      { type: PacketType.EVENT, nsp: "/admin", data: ["session:event", { id: "s", event }] },
      { type: PacketType.EVENT, nsp: "/", id: 7, data: ["session:event", { id: "s", event }] },
      { type: PacketType.EVENT, nsp: "/", data: ["session:event", { event, id: "s" }] },
      { type: PacketType.EVENT, nsp: "/", data: ["session:event", { id: "s", event, extra: 1 }] },
      { type: PacketType.EVENT, nsp: "/", data: ["session:event", { id: 5, event }] },
      { type: PacketType.EVENT, nsp: "/", data: ["session:event", { id: "s", event }, "more"] },
      { type: PacketType.EVENT, nsp: "/", data: ["session:event", { id: "s", event: { bytes: Buffer.from([1, 2]) } }] },
    ];
    for (const packet of packets) expect(ours.encode(packet)).toEqual(stock.encode(packet));
    // An event nobody stored (this one holds binary) really went the stock way: a placeholder and the buffer apart.
    expect(ours.encode(packets.at(-1)!)).toHaveLength(2);
  });
});
