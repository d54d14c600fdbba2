import { createServer } from "node:http";
import next from "next";
import { createAdmitter } from "@/server/abuse/admitter";
import { pinStatus, shareStatus } from "@/server/api/share-status";
import { ConfigError, loadConfig, unknownSettingWarnings } from "@/server/config";
import { engineDeps } from "@/server/engine/deps";
import { clientAddress } from "./client-address";
import { CLIENT_IP_HEADER } from "./client-ip";
import { errorForLog, logger, withoutSecrets } from "./logger";
import { BASE_HEADERS, NON_PAGE_CSP } from "./security-headers";
import { hostAllowed, hostPolicy, hostRefusal } from "./security-host";
import { setAppContext } from "./app-context";
import { SessionRegistry } from "./session-registry";
import { createSocketServer } from "./socket-server";
import { startStore } from "./start-store";

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
  for (const warning of unknownSettingWarnings(process.env)) logger.warn(warning);
  const app = next({ dev: false, dir: process.cwd(), hostname: config.HOST, port: config.PORT });
  const handle = app.getRequestHandler();
  await app.prepare();

  let stored;
  try {
    stored = await startStore(config);
  } catch (err) {
    process.stderr.write(`helodesk: ${withoutSecrets((err as Error).message)}\n`);
    process.exit(1);
  }
  const { store } = stored;
  const admitter = createAdmitter(config);
  const registry = new SessionRegistry({ deps: engineDeps(config), store, admitter }, { retentionDays: config.HELODESK_RETENTION_DAYS });
  setAppContext({ config, registry, store });
  const hosts = hostPolicy({ publicUrl: config.HELODESK_PUBLIC_URL, allowedOrigins: config.HELODESK_ALLOWED_ORIGINS, bindHost: config.HOST });
  const http = createServer((req, res) => {
    // Route handlers read the client's address from here; a value sent by the client is never trusted.
    req.headers[CLIENT_IP_HEADER] = clientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], config.HELODESK_TRUSTED_PROXIES);
    for (const [name, value] of Object.entries(BASE_HEADERS)) res.setHeader(name, value);
    if (req.url === "/healthz") {
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store", "content-security-policy": NON_PAGE_CSP });
      res.end(JSON.stringify({ ok: true, running: registry.running }));
      return;
    }
    if (!hostAllowed(req.headers.host, hosts)) {
      res.writeHead(403, { "content-type": "application/json", "cache-control": "no-store", "content-security-policy": NON_PAGE_CSP });
      res.end(JSON.stringify({ status: 403, error: hostRefusal(req.headers.host) }));
      return;
    }
    // An expired or deleted share link answers 410, an unknown one 404, which a Next page cannot set itself.
    void shareStatus(store, req.method, req.url, (id) => registry.get(id) !== undefined).then((gone) => {
      if (gone) pinStatus(res, gone);
      return handle(req, res);
    });
  });
  createSocketServer(http, {
    registry,
    trustedProxies: config.HELODESK_TRUSTED_PROXIES,
    security: {
      allowedOrigins: config.HELODESK_ALLOWED_ORIGINS,
      eventsPerSecond: config.HELODESK_SOCKET_EVENTS_PER_SECOND,
      accessToken: config.HELODESK_ACCESS_TOKEN,
      hosts,
    },
  });

  const shutdown = async (signal: string) => {
    logger.info({ signal }, "shutting down");
    http.close();
    await registry.closeAll();
    await admitter.close();
    await stored.stop().catch((err: unknown) => logger.error({ err }, "closing the session store failed"));
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));

  const host = config.HOST.includes(":") ? `[${config.HOST}]` : config.HOST;
  // Without a listener, a port in use is an uncaughtException that Next logs and then exits 0 from.
  const cannotListen = (err: NodeJS.ErrnoException) => {
    process.stderr.write(`helodesk: cannot listen on ${host}:${config.PORT}: ${listenProblem(err)}\n`);
    void stored.stop().catch(() => undefined).finally(() => process.exit(1));
  };
  http.once("error", cannotListen);
  http.listen(config.PORT, config.HOST, () => {
    http.off("error", cannotListen);
    const address = http.address();
    const port = typeof address === "object" && address ? address.port : config.PORT;
    logger.info({ url: `http://${host}:${port}` }, "listening");
    process.stdout.write(`HeloDesk listening on http://${host}:${port}\n`);
  });
}

/** Why listen failed, and the setting to change. */
function listenProblem(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case "EADDRINUSE":
      return "the port is in use (PORT): stop the program that holds it, or choose another PORT";
    case "EACCES":
      return "permission denied (PORT): ports below 1024 need root or CAP_NET_BIND_SERVICE; choose a PORT of 1024 or more";
    case "EADDRNOTAVAIL":
      return "no network interface of this machine has that address (HOST)";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "the host name does not resolve to an address (HOST)";
    default:
      return `${err.code ?? "error"}: ${withoutSecrets(err.message)} (HOST, PORT)`;
  }
}

main().catch((err: unknown) => {
  // Never the raw error: a URL error carries its input, which may be REDIS_URL or DATABASE_URL.
  const error = errorForLog(err);
  logger.error({ err: error }, "start failed");
  process.stderr.write(`helodesk: start failed: ${error.message}\n`);
  process.exit(1);
});
