import { afterEach, describe, expect, it } from "vitest";
import { startSession } from "@/server/engine/session";
import { type ScriptedServer, startScriptedServer } from "../fixtures/scripted-server";
import { eventsOf, loopbackRequest, testDeps } from "../support/engine";

let server: ScriptedServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function greeted(session: ReturnType<typeof startSession>) {
  for await (const e of session.events()) if (e.type === "reply") return e;
  throw new Error("no greeting");
}

describe("interactive console", () => {
  it("sends typed lines one at a time, with DATA mode, and every reply annotated", async () => {
    server = await startScriptedServer();
    const session = startSession(loopbackRequest(server.port, { profile: "interactive" }), testDeps({ ports: [server.port] }));
    await greeted(session);
    expect(await session.input("EHLO me.helodesk.test")).toMatchObject({ ok: true, reply: { code: 250 } });
    expect(await session.input("MAIL FROM:<a@helodesk.test>")).toMatchObject({ ok: true, reply: { code: 250 } });
    expect(await session.input("RCPT TO:<b@helodesk.test>")).toMatchObject({ ok: true, reply: { code: 250 } });
    expect(await session.input("DATA")).toMatchObject({ ok: true, mode: "data", reply: { code: 354 } });
    expect(await session.input("Subject: typed by hand")).toEqual({ ok: true, reply: null, mode: "data" });
    expect(await session.input(".hidden dot")).toEqual({ ok: true, reply: null, mode: "data" });
    expect(await session.input(".")).toMatchObject({ ok: true, mode: "command", reply: { code: 250 } });
    expect(await session.input("QUIT")).toMatchObject({ ok: true, reply: { code: 221 } });
    const doc = await session.done;
    expect(doc.closeReason).toBe("quit");
    expect(server.messages[0]).toBe("Subject: typed by hand\r\n..hidden dot");
    expect(eventsOf(doc, "capabilities")).toHaveLength(1);
    expect(eventsOf(doc, "message")[0]).toMatchObject({ queueId: "4ZkQ1x3V0Bz9sT", method: "DATA" });
    expect(eventsOf(doc, "reply").every((r) => r.explanation.summary.length > 0)).toBe(true);
  });

  it("tells the console the EHLO name the profiles would send: the request's, else the deployment's", async () => {
    server = await startScriptedServer();
    const deps = testDeps({ ports: [server.port], heloName: "desk.helodesk.test" });
    for (const [request, expected] of [
      [loopbackRequest(server.port, { profile: "interactive" }), "desk.helodesk.test"],
      [loopbackRequest(server.port, { profile: "interactive", helo: "chosen.helodesk.test" }), "chosen.helodesk.test"],
    ] as const) {
      const session = startSession(request, deps);
      await greeted(session);
      session.cancel();
      expect(eventsOf(await session.done, "connect")[0]?.heloName).toBe(expected);
    }
    // The other profiles say it in EHLO themselves.
    const ehlo = await startSession(loopbackRequest(server.port, { profile: "ehlo" }), deps).done;
    expect(eventsOf(ehlo, "connect")[0]).not.toHaveProperty("heloName");
  });

  it("refuses a line with CR or LF and a second line while a reply is awaited", async () => {
    server = await startScriptedServer({ replies: { NOOP: (_l, conn) => void setTimeout(() => conn.reply("250 2.0.0 Ok"), 300) as undefined } });
    const session = startSession(loopbackRequest(server.port, { profile: "interactive" }), testDeps({ ports: [server.port] }));
    await greeted(session);
    expect(await session.input("NOOP\r\nRSET")).toMatchObject({ ok: false, error: expect.stringMatching(/single line/) });
    const first = session.input("NOOP");
    expect(await session.input("RSET")).toMatchObject({ ok: false, error: expect.stringMatching(/wait/) });
    expect(await first).toMatchObject({ ok: true, reply: { code: 250 } });
    expect(server.allLines).toEqual(["NOOP"]);
    session.cancel();
    const doc = await session.done;
    expect(doc.closeReason).toBe("cancelled");
    expect(server.allLines).toEqual(["NOOP", "QUIT"]);
  });

  it("flags a typed typo's 500 as a likely typo", async () => {
    server = await startScriptedServer();
    const session = startSession(loopbackRequest(server.port, { profile: "interactive" }), testDeps({ ports: [server.port] }));
    await greeted(session);
    const result = await session.input("RCTP TO:<a@helodesk.test>");
    expect(result).toMatchObject({ ok: true, reply: { code: 500 } });
    if (result.ok) expect(`${result.reply?.explanation.summary} ${result.reply?.explanation.hint}`).toMatch(/typo|spell/i);
    session.cancel();
    await session.done;
  });

  it("shows a reply the server sends on its own while the console is idle", async () => {
    server = await startScriptedServer();
    const session = startSession(loopbackRequest(server.port, { profile: "interactive" }), testDeps({ ports: [server.port] }));
    await greeted(session);
    const conn = server.connections[0]!;
    conn.reply("421 4.4.2 fixture.helodesk.test Error: timeout exceeded");
    conn.close();
    const doc = await session.done;
    const unsolicited = eventsOf(doc, "reply").find((r) => r.unsolicited);
    expect(unsolicited).toMatchObject({ code: 421, command: null });
    expect(doc.closeReason).toBe("peer-closed");
    // The 421 said why: no "hung up without a 221" after it.
    expect(eventsOf(doc, "close")[0]?.detail).toBe("the server ended the session with 421");
    expect(eventsOf(doc, "note").filter((n) => n.level === "error")).toEqual([]);
  });

  it("ends as the server's 421 to a typed command said, not as a hang-up without a 221", async () => {
    server = await startScriptedServer({ replies: { MAIL: (_line, conn) => (conn.reply("421 4.7.0 Too many errors"), conn.close(), undefined) } });
    const session = startSession(loopbackRequest(server.port, { profile: "interactive" }), testDeps({ ports: [server.port] }));
    await greeted(session);
    expect(await session.input("MAIL FROM:<a@helodesk.test>")).toMatchObject({ ok: true, reply: { code: 421 } });
    const doc = await session.done;
    expect(doc.closeReason).toBe("peer-closed");
    expect(eventsOf(doc, "close")[0]?.detail).toBe("the server ended the session with 421");
    expect(JSON.stringify(eventsOf(doc, "note"))).not.toMatch(/without a 221/);
  });
});
