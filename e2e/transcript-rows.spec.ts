import { createLatch, expect, heldReply, test } from "./fixtures";

const TARGET = "127.0.0.1";

test.describe("a reply row on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("the Explain button is at least 24 by 24 pixels, and Tab reaches it after the code badges, as it is drawn", async ({ page, smtp, workbench }) => {
    const server = await smtp({ replies: { RCPT: "550 5.7.1 Relaying denied" } });
    await workbench.runToEnd({ target: TARGET, port: server.port, profile: "relay" });
    const refusal = workbench.replies(550);
    const explain = refusal.getByRole("button", { name: "Explain reply 550" });
    const box = (await explain.boundingBox())!;
    expect(box.width).toBeGreaterThanOrEqual(24);
    expect(box.height).toBeGreaterThanOrEqual(24);

    await refusal.getByRole("link", { name: /^Reply code 550/ }).focus();
    await page.keyboard.press("Tab");
    await expect(refusal.getByRole("link", { name: /^Enhanced status 5\.7\.1/ })).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(explain).toBeFocused();
  });
});

test("the Raw view follows a live session to its last line, and stays put once the reader scrolls up", async ({ page, smtp, workbench }) => {
  const many = Array.from({ length: 60 }, (_, i) => `250-EXTENSION${i}`);
  const quit = createLatch();
  const server = await smtp({ replies: { EHLO: ["250-fixture.helodesk.test", ...many, "250 SMTPUTF8"].join("\r\n"), QUIT: heldReply("QUIT", quit) } });
  await workbench.open({ target: TARGET, port: server.port, profile: "ehlo" });
  await page.getByRole("button", { name: "Raw", exact: true }).click();
  await workbench.run();
  const raw = page.getByTestId("raw-transcript");
  await expect(raw).toContainText("250 SMTPUTF8");
  const atEnd = () => raw.evaluate((el) => el.scrollHeight > el.clientHeight && el.scrollTop + el.clientHeight >= el.scrollHeight - 2);
  await expect.poll(atEnd).toBe(true);

  // The reader scrolls up to read: the lines that come next do not pull the view away.
  await raw.evaluate((el) => {
    el.scrollTop = 0;
    el.dispatchEvent(new Event("scroll"));
  });
  quit.release();
  await expect(raw).toContainText("Connection closed by foreign host.");
  await expect(workbench.outcome).toBeVisible();
  expect(await raw.evaluate((el) => el.scrollTop)).toBe(0);
});
