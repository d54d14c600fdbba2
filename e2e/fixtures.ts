import { test as base, expect } from "@playwright/test";
import { type ScriptedServer, type ScriptedServerOptions, startScriptedServer } from "../test/fixtures/scripted-server";
import { type AppServer, startAppServer } from "./app-server";

interface WorkerFixtures {
  app: AppServer;
}

interface TestFixtures {
  /** Starts a scripted SMTP server on 127.0.0.1:0; closed after the test. */
  smtp(options?: ScriptedServerOptions): Promise<ScriptedServer>;
}

/** HeloDesk's e2e fixtures, one module: the app server per worker, SMTP fixtures per test. */
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
});

test.beforeEach(() => {
  test.skip(Boolean(process.env.HELODESK_E2E_SKIP), process.env.HELODESK_E2E_SKIP);
});

export { expect };
