import { test as base, expect } from "@playwright/test";
import { type ScriptedServer, type ScriptedServerOptions, startScriptedServer } from "../test/fixtures/scripted-server";
import { type AppServer, startAppServer } from "./app-server";
import { Workbench } from "./pages/workbench";
import { SocketLink } from "./support/socket-link";

interface WorkerFixtures {
  app: AppServer;
}

interface TestFixtures {
  /** Starts a scripted SMTP server on 127.0.0.1:0; closed after the test. */
  smtp(options?: ScriptedServerOptions): Promise<ScriptedServer>;
  /** The test page (`/`): form, verdict, transcript, panels. */
  workbench: Workbench;
  /** The page's socket.io link to HeloDesk, routed (from before the first page load) so the test can cut it. */
  socketLink: SocketLink;
}

/** HeloDesk's e2e fixtures, one module: the app server per worker, SMTP fixtures and pages per test. */
export const test = base.extend<TestFixtures, WorkerFixtures>({
  app: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const app = await startAppServer();
      await use(app);
      await app.stop();
    },
    { scope: "worker" },
  ],
  baseURL: async ({ app }, use) => {
    await use(app.url);
  },
  smtp: async ({}, use) => {
    const servers: ScriptedServer[] = [];
    await use(async (options) => {
      const server = await startScriptedServer(options);
      servers.push(server);
      return server;
    });
    await Promise.all(servers.map((s) => s.close()));
  },
  workbench: async ({ page }, use) => {
    await use(new Workbench(page));
  },
  socketLink: async ({ page }, use) => {
    await use(await SocketLink.install(page));
  },
});

test.beforeEach(() => {
  test.skip(Boolean(process.env.HELODESK_E2E_SKIP), process.env.HELODESK_E2E_SKIP);
});

export { expect };
export type { ScriptedServer } from "../test/fixtures/scripted-server";
export { getTestCertificates } from "../test/fixtures/tls-certs";
export type { FormLink } from "./pages/workbench";
export { Workbench } from "./pages/workbench";
export { seriousViolations } from "./support/axe";
export { shootAllWays, VIEWPORTS } from "./support/screens";
export { createLatch, type Latch } from "./support/latch";
export { authPlainServer, expectServerReceived, heldReply, noReply } from "./support/smtp-scripts";
export type { DeliveredEvent, SocketLink } from "./support/socket-link";
