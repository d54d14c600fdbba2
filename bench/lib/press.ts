import type { Locator, Page } from "playwright-core";

const FRAME_MS = 1000 / 60;

/**
 * Presses a button as a person does: the pointer rests on it, then the mouse button goes down and up,
 * through Chromium's input pipeline (trusted events, the same frames), without what Playwright's
 * `locator.click()` adds around a click (its actionability checks and the hit-target interceptor it
 * runs in the page) and at a random point of the frame cycle, as a person's press lands, where
 * `click()` ends at the same point of it each time. A page that does nothing but send one WebSocket
 * message and show the reply paints it 28-30 ms after a `click()` and ~20-25 ms after this press
 * (docs/performance.md, first line, thirteenth round). Throws when something else is under the
 * button's centre, so a missed press never counts.
 */
export async function press(page: Page, target: Locator): Promise<void> {
  const box = await target.boundingBox();
  if (!box) throw new Error("the button to press is not on screen");
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  const onTarget = await target.evaluate((el, [px, py]) => {
    const hit = document.elementFromPoint(px!, py!);
    return hit !== null && (hit === el || el.contains(hit));
  }, [x, y]);
  if (!onTarget) throw new Error("something covers the button's centre: the press would miss it");
  await page.mouse.move(x, y);
  // A person's press lands anywhere in the display's frame cycle; Playwright's steps end at the same
  // point of it each time. A random wait of up to one 60 Hz frame spreads the presses over the cycle.
  await new Promise((resolve) => setTimeout(resolve, Math.random() * FRAME_MS));
  await page.mouse.down();
  await page.mouse.up();
}
