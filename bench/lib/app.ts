import { existsSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { CHROMIUM_ARGS, chromiumExecutable } from "@/e2e/browser";
import { appDir } from "@/e2e/app-server";
import { Skip } from "./section";

export { startAppServer } from "@/e2e/app-server";

/** The production build must exist: the bench measures what ships, and never builds it itself. */
export function requireBuild(): void {
  const dir = appDir();
  if (!existsSync(join(dir, "dist/server.mjs")) || !existsSync(join(dir, ".next/BUILD_ID"))) {
    throw new Skip("no production build: run `npm run build` first");
  }
}

/** Playwright's own Chromium when installed, else Debian's /usr/bin/chromium, with the flags a container needs. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumExecutable();
  if (executablePath === null) throw new Skip("no Chromium: install Debian's chromium package");
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}
