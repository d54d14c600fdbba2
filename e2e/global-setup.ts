import { existsSync } from "node:fs";
import { requireTool } from "../test/support/requirements";
import { chromiumExecutable } from "./browser";

/**
 * Before any spec: a browser must exist (else one line says what to install, or fails under
 * HELODESK_REQUIRE_ALL_TESTS=1), and the production build must be there: `npm test` builds it.
 */
export default function globalSetup(): void {
  const browser = requireTool("Chromium", () => chromiumExecutable() !== null, "apt-get install chromium");
  if (browser.skip) process.env.HELODESK_E2E_SKIP = browser.reason;
  if (!existsSync(".next/BUILD_ID") || !existsSync("dist/server.mjs")) {
    throw new Error("no production build: run `npm run build` first (npm test does)");
  }
}
