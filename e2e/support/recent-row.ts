import type { Page } from "@playwright/test";

/** Goes home and finds the row of "Your recent sessions" for the session the share box shows. */
export async function recentRow(page: Page) {
  const id = (await page.getByTestId("share-link").getAttribute("href"))!.slice(3);
  await page.goto("/");
  return { id, row: page.locator(`[data-testid="recent-session"][data-session-id="${id}"]`) };
}
