import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";

/** Debian's Chromium, used when Playwright's own browser is not installed (it cannot be downloaded here). */
export const DEBIAN_CHROMIUM = "/usr/bin/chromium";

/**
 * Where Chromium is: Playwright's own build when present on this machine, otherwise Debian's package.
 * null when neither exists.
 */
export function chromiumExecutable(): string | undefined | null {
  try {
    const own = chromium.executablePath();
    if (own && existsSync(own)) return undefined;
  } catch {
    // No browser registry on this machine: fall through to Debian's.
  }
  return existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : null;
}

/** Flags the Debian build needs as root in a container without a GPU or outside network. */
export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"];
