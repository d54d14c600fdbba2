import { type Server, createServer } from "node:http";
import net from "node:net";
import { Server as IoServer } from "socket.io";
import { WebSocketServer } from "ws";
import { explain } from "@/lib/annotate";
import { ReplyParser } from "@/lib/reply-parser";
import { sessionRoom } from "@/lib/socket-contract";
import { eachLine } from "./each-line";

/**
 * The fan-out section's floors: servers that do only part of what HeloDesk does per reply, run and
 * measured exactly as HeloDesk is, so the difference says where its time goes.
 *
 * Both open one TCP connection to the SMTP server per browser and send each line they read on at once:
 * one read from the SMTP socket and one WebSocket write per reply, which HeloDesk cannot avoid either.
 */

/**
 * WebSocket relay: the least a Node server can do. A bare `ws` connection (the WebSocket library
 * socket.io uses), the SMTP port in the first message, every line sent on as one text message, every
 * message from the browser written as a line. No socket.io, no parsing, no explanation, no store.
 */
export function startWebSocketRelay(page?: string): Server {
  // The first-line section's floor page is served at / (first-line-floor.ts); the fan-out's clients need none.
  const http = createServer((req, res) => {
    if (page === undefined || !/^\/(\?|$)/.test(req.url ?? "")) return res.writeHead(404).end();
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" }).end(page);
  });
  const wss = new WebSocketServer({ server: http });
  wss.on("connection", (ws) => {
    let smtp: net.Socket | null = null;
    ws.on("message", (data) => {
      const message = JSON.parse(String(data)) as { port?: number; line?: string };
      if (message.port && !smtp) {
        smtp = net.connect(message.port, "127.0.0.1");
        eachLine(smtp, (line) => ws.send(line));
        smtp.on("close", () => ws.close());
        smtp.on("error", () => ws.close());
      } else if (message.line !== undefined) smtp?.write(`${message.line}\r\n`);
    });
    ws.on("close", () => smtp?.destroy());
    ws.on("error", () => smtp?.destroy());
  });
  return http;
}

/**
 * socket.io relay: HeloDesk's socket.io contract (session:start, session:input, session:event to the
 * session's room, session:end) and an event of the same shape and size as HeloDesk's reply event, its
 * explanation made once by the real `explain()` and shared. No SMTP engine, no store, no redaction.
 */
export function startSocketIoRelay(): Server {
  const http = createServer((_req, res) => res.writeHead(404).end());
  const io = new IoServer(http, { serveClient: false });
  const [sample] = new ReplyParser().push(new TextEncoder().encode("250 2.0.0 tick 1 of 50 at 0\r\n"));
  const explanation = sample?.kind === "reply" ? explain(sample.reply, { command: null }) : null;
  let sessions = 0;
  io.on("connection", (socket) => {
    let smtp: net.Socket | null = null;
    socket.on("session:start", (payload: { port: number }, ack: (result: unknown) => void) => {
      if (smtp) return ack({ ok: false, error: "one session per socket here" });
      const id = `relay-${sessions++}`;
      const room = sessionRoom(id);
      void socket.join(room);
      ack({ ok: true, id, token: "relay", deleteToken: "relay" });
      const started = performance.now();
      let seq = 0;
      smtp = net.connect(payload.port, "127.0.0.1");
      eachLine(smtp, (line) => {
        const code = Number(line.slice(0, 3));
        const text = line.slice(4);
        const event = { type: "reply", seq: seq++, t: Date.now(), dt: performance.now() - started, code, enhancedCode: null, lines: [line], text: [text], raw: `${line}\r\n`, flags: [], explanation };
        io.to(room).emit("session:event", { id, event });
      });
      smtp.on("close", () => io.to(room).emit("session:end", { id, outcome: "ok" }));
      smtp.on("error", () => socket.disconnect());
    });
    socket.on("session:input", (payload: { line: string }, ack: (result: unknown) => void) => {
      smtp?.write(`${payload.line}\r\n`);
      ack({ ok: true });
    });
    socket.on("disconnect", () => smtp?.destroy());
  });
  return http;
}
