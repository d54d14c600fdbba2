// The flooding client, in its own process so the server's event loop is measured, not the client's.
// Usage: node flood-client.mjs URL COUNT BATCH EVERY_MS DEADLINE_MS PAYLOAD_JSON: COUNT starts, BATCH at a
// time every EVERY_MS; prints {"ms":…,"acks":[…]} on stdout.
import { io } from "socket.io-client";

const [url, count, batch, everyMs, deadlineMs, payload] = process.argv.slice(2);
const socket = io(url, { transports: ["websocket"], reconnection: false, forceNew: true });
const timer = setTimeout(() => {
  process.stderr.write(`flood client: no end within ${deadlineMs} ms\n`);
  process.exit(2);
}, Number(deadlineMs));

socket.once("connect_error", (err) => {
  process.stderr.write(`flood client: ${err.message}\n`);
  process.exit(2);
});
socket.once("connect", async () => {
  const started = performance.now();
  const request = JSON.parse(payload);
  const pending = [];
  while (pending.length < Number(count)) {
    for (let i = 0; i < Number(batch) && pending.length < Number(count); i++) {
      pending.push(socket.timeout(Number(deadlineMs)).emitWithAck("session:start", request).catch((err) => ({ ok: false, error: `no ack: ${err.message}` })));
    }
    await new Promise((r) => setTimeout(r, Number(everyMs)));
  }
  const acks = await Promise.all(pending);
  const ms = performance.now() - started;
  clearTimeout(timer);
  socket.disconnect();
  process.stdout.write(JSON.stringify({ ms, acks }));
});
