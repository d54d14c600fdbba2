import { existsSync } from "node:fs";
import { join } from "node:path";
import { requireTool } from "../test/support/requirements";
import { appDir } from "./app-server";
import { chromiumExecutable } from "./browser";

/**
 * Before any spec: a browser must exist (else one line says what to install, or fails under
 * HELODESK_REQUIRE_ALL_TESTS=1), and the production build must be there: `npm test` builds it.
 */
export default function globalSetup(): void {
  const browser = requireTool("Chromium", () => chromiumExecutable() !== null, "apt-get install chromium");
  if (browser.skip) process.env.HELODESK_E2E_SKIP = browser.reason;
  const dir = appDir();
  if (!existsSync(join(dir, ".next/BUILD_ID")) || !existsSync(join(dir, "dist/server.mjs"))) {
    throw new Error(`no production build in ${dir}: run \`npm run build\` first (npm test does)`);
  }
}
