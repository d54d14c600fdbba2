import { createServer } from "node:http";
import next from "next";
import { ConfigError, loadConfig } from "@/server/config";
import { engineDeps } from "@/server/engine/deps";
import { CLIENT_IP_HEADER } from "./client-ip";
import { logger } from "./logger";
import { SessionRegistry } from "./session-registry";
import { createSocketServer } from "./socket-server";

/** One Node process serves the Next.js pages and socket.io, on HOST:PORT (127.0.0.1:3000 by default). */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`helodesk: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const app = next({ dev: false, dir: process.cwd(), hostname: config.HOST, port: config.PORT });
  const handle = app.getRequestHandler();
  await app.prepare();

  const registry = new SessionRegistry({ deps: engineDeps(config) });
  const http = createServer((req, res) => {
    // Route handlers read the client's address from here; a value sent by the client is never trusted.
    req.headers[CLIENT_IP_HEADER] = req.socket.remoteAddress ?? "unknown";
    if (req.url === "/healthz") {
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify({ ok: true, running: registry.running }));
      return;
    }
    void handle(req, res);
  });
  createSocketServer(http, { registry });

  const shutdown = async (signal: string) => {
    logger.info({ signal }, "shutting down");
    http.close();
    await registry.closeAll();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));

  http.listen(config.PORT, config.HOST, () => {
    const address = http.address();
    const port = typeof address === "object" && address ? address.port : config.PORT;
    const host = config.HOST.includes(":") ? `[${config.HOST}]` : config.HOST;
    logger.info({ url: `http://${host}:${port}` }, "listening");
    process.stdout.write(`HeloDesk listening on http://${host}:${port}\n`);
  });
}

main().catch((err: unknown) => {
  logger.error({ err }, "start failed");
  process.exit(1);
});
