import type { Page, WebSocketRoute } from "@playwright/test";

/** One session event as it crossed the wire to the page: enough to check that none went missing. */
export interface DeliveredEvent {
  seq: number;
  type: string;
}

const SOCKET_IO = /\/socket\.io\//;

/**
 * The page's link to the HeloDesk server, routed through Playwright so a test can cut it and bring
 * it back. Chromium's offline emulation leaves an open loopback WebSocket alone, so the drop is done
 * where the browser sees it: the WebSocket closes, new ones are refused (and HTTP long-polling
 * aborted) until restore(). Every `session:event` the server sends is recorded on the way.
 */
export class SocketLink {
  private readonly open = new Set<{ page: WebSocketRoute; server: WebSocketRoute }>();
  private down = false;
  /** Every session event delivered to the page, replays included, in arrival order. */
  readonly delivered: DeliveredEvent[] = [];

  static async install(page: Page): Promise<SocketLink> {
    const link = new SocketLink();
    await page.routeWebSocket(SOCKET_IO, (ws) => link.accept(ws));
    await page.route(SOCKET_IO, (route) => (link.down ? route.abort("internetdisconnected") : route.continue()));
    return link;
  }

  /** Drops every open socket.io connection and refuses new ones until restore(). */
  async cut(): Promise<void> {
    this.down = true;
    const open = [...this.open];
    this.open.clear();
    await Promise.all(open.flatMap(({ page, server }) => [page.close({ code: 1001, reason: "link cut by the test" }), server.close()]));
  }

  restore(): void {
    this.down = false;
  }

  private accept(ws: WebSocketRoute): void {
    if (this.down) {
      void ws.close({ code: 1001, reason: "link cut by the test" });
      return;
    }
    const server = ws.connectToServer();
    const pair = { page: ws, server };
    this.open.add(pair);
    // Handling messages ourselves turns off Playwright's forwarding, so forward each one.
    server.onMessage((message) => {
      this.record(message);
      ws.send(message);
    });
    ws.onClose(() => {
      this.open.delete(pair);
      void server.close();
    });
    server.onClose(() => {
      this.open.delete(pair);
      void ws.close();
    });
  }

  /** socket.io packet `42["session:event",{id,event}]`: an EVENT on the default namespace. */
  private record(message: string | Buffer): void {
    const text = typeof message === "string" ? message : message.toString("utf8");
    if (!text.startsWith("42[")) return;
    const [name, payload] = JSON.parse(text.slice(2)) as [string, { event?: DeliveredEvent }];
    if (name === "session:event" && payload.event) this.delivered.push({ seq: payload.event.seq, type: payload.event.type });
  }
}
