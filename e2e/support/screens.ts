import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { expect, type Page, type TestInfo } from "@playwright/test";

export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 375, height: 740 },
} as const;

const SCHEMES = ["light", "dark"] as const;

/** test-results/screenshots, beside Playwright's own output folder (which it empties on every run). */
export function screenshotDir(testInfo: TestInfo): string {
  return resolve(testInfo.project.outputDir, "..", "screenshots");
}

/**
 * Shoots the page as it is in light and dark mode, at desktop and phone width: each picture is saved
 * under test-results/screenshots and attached to the test. At phone width the page must not scroll
 * sideways: long lines wrap, or scroll inside their own box.
 */
export async function shootAllWays(page: Page, testInfo: TestInfo, name: string, { fullPage = true } = {}): Promise<void> {
  const dir = screenshotDir(testInfo);
  await mkdir(dir, { recursive: true });
  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(viewport);
    for (const colorScheme of SCHEMES) {
      await page.emulateMedia({ colorScheme });
      const file = `${name}-${size}-${colorScheme}.png`;
      const body = await page.screenshot({ path: join(dir, file), fullPage, animations: "disabled", caret: "hide" });
      await testInfo.attach(file, { body, contentType: "image/png" });
    }
    if (size === "phone") {
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, `${name} scrolls sideways at ${viewport.width} px`).toBeLessThanOrEqual(viewport.width);
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize(VIEWPORTS.desktop);
}
