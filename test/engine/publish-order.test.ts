import type { Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { SessionEvent } from "@/lib/schemas/events";
import { startSession } from "@/server/engine/session";
import { nodeTransport, type Transport } from "@/server/engine/transport";
import { type ScriptedServer, startScriptedServer } from "../fixtures/scripted-server";
import { loopbackRequest, testDeps } from "../support/engine";

let server: ScriptedServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

/** The real transport, noting at each command written what the session's subscriber had been sent by then. */
function watchingTransport(seen: SessionEvent[], atWrite: Map<string, SessionEvent[]>): Transport {
  return {
    ...nodeTransport,
    async connect(options) {
      const socket: Socket = await nodeTransport.connect(options);
      const write = socket.write.bind(socket) as (data: string) => boolean;
      socket.write = ((data: string) => {
        atWrite.set(String(data).split(/[ :\r]/, 1)[0]!, [...seen]);
        return write(data);
      }) as Socket["write"];
      return socket;
    },
  };
}

describe("what a step records between a reply and its next command", () => {
  it("reaches subscribers after that command has gone out, in log order", async () => {
    server = await startScriptedServer();
    const seen: SessionEvent[] = [];
    const atWrite = new Map<string, SessionEvent[]>();
    const session = startSession(
      loopbackRequest(server.port, { profile: "send", from: "a@helodesk.test", to: ["b@helodesk.test"] }),
      testDeps({ ports: [server.port], transport: watchingTransport(seen, atWrite) }),
    );
    session.subscribe((e) => seen.push(e));
    const doc = await session.done;
    expect(doc.events.some((e) => e.type === "message")).toBe(true);
    // The EHLO reply and the capabilities read from it wait until MAIL FROM is written...
    expect(atWrite.get("MAIL")?.some((e) => e.type === "capabilities" || (e.type === "reply" && e.command === "EHLO"))).toBe(false);
    // ...and the accepted message and the reply it came from, until QUIT is.
    expect(atWrite.get("QUIT")?.some((e) => e.type === "message" || (e.type === "reply" && e.command === "DATA-END"))).toBe(false);
    // Nothing lost or reordered, every reply explained by the time it was published.
    expect(seen.map((e) => e.seq)).toEqual(doc.events.map((e) => e.seq));
    expect(seen.filter((e) => e.type === "reply").every((e) => e.type === "reply" && e.explanation.summary.length > 0)).toBe(true);
  });
});
