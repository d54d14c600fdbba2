import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { startWebSocketRelay } from "./relays";

/**
 * The first-line section's floor: the least a web page can do to show an SMTP greeting. One button,
 * one WebSocket opened at load to the fan-out's WebSocket relay; Run sends the SMTP port, the relay
 * connects to the sink and sends each line on, and the page appends the first line as the same kind
 * of transcript row HeloDesk's page draws (so the section's in-page timer finds it the same way). No
 * framework, no socket.io, no engine, no store: what is left is the browser, the press and the hop.
 */
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>first-line floor</title></head>
<body>
<form aria-label="SMTP test"><button type="button" id="run">Run</button></form>
<div id="transcript"></div>
<script>
const ws = new WebSocket("ws://" + location.host + "/");
ws.onopen = () => document.body.dataset.ready = "yes";
let shown = false;
ws.onmessage = (message) => {
  if (shown) return;
  shown = true;
  const row = document.createElement("div");
  row.dataset.testid = "transcript-line";
  row.dataset.kind = "reply";
  row.dataset.code = String(message.data).slice(0, 3);
  row.textContent = String(message.data);
  document.getElementById("transcript").appendChild(row);
};
document.getElementById("run").addEventListener("click", () => {
  ws.send(JSON.stringify({ port: Number(new URLSearchParams(location.search).get("port")) }));
});
</script>
</body></html>`;

export interface FloorPage {
  url(smtpPort: number): string;
  close(): Promise<void>;
}

export async function startFloorPage(): Promise<FloorPage> {
  const http: Server = startWebSocketRelay(PAGE);
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: (smtpPort) => `http://127.0.0.1:${port}/?port=${smtpPort}`,
    close: () =>
      new Promise((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}
