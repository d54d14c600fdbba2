import { expect, shootAllWays, test, VIEWPORTS } from "./fixtures";

test.use({ viewport: VIEWPORTS.desktop, reducedMotion: "reduce" });

test.describe("screenshots in light and dark, desktop and phone, with no sideways scrolling on a phone", () => {
  test("the test page, idle", async ({ page, workbench }, testInfo) => {
    await workbench.open();
    await expect(workbench.transcript).toContainText("No test has run yet.");
    await shootAllWays(page, testInfo, "home-idle");
  });

  test("the test page after a finished run, with the transcript and the panels", async ({ page, smtp, workbench }, testInfo) => {
    const server = await smtp({ replies: { RCPT: "550 5.7.1 Relaying denied by policy for helodesk-relay-test@example.net" } });
    await workbench.runToEnd({ target: "127.0.0.1", port: server.port, profile: "relay" });
    await workbench.replies(550).getByRole("button", { name: "Explain reply 550" }).click();
    await expect(workbench.panels.getByTestId("timing")).toBeVisible();
    await shootAllWays(page, testInfo, "home-finished");
  });

  test("the console, mid-session", async ({ page, smtp }, testInfo) => {
    const server = await smtp();
    await page.goto(`/console?target=127.0.0.1&port=${server.port}&tls=none`);
    await expect(page.getByTestId("session-status")).toHaveText("Server online");
    await page.getByRole("button", { name: "Connect" }).click();
    const prompt = page.getByRole("textbox", { name: "SMTP command" });
    await expect(prompt).toBeFocused();
    await prompt.fill("EHLO client.example.org");
    await prompt.press("Enter");
    await expect(page.locator('[data-testid="transcript-line"][data-code="250"]')).toBeVisible();
    await prompt.fill("MAIL FROM <alice@example.org>");
    await expect(page.getByTestId("console-warning")).toBeVisible();
    await shootAllWays(page, testInfo, "console");
  });

  test("the walkthrough, after the first step", async ({ page, smtp }, testInfo) => {
    const server = await smtp();
    await page.goto(`/walkthrough?target=127.0.0.1&port=${server.port}&tls=none&from=alice@example.org&to=bob@example.net`);
    await expect(page.getByTestId("session-status")).toHaveText("Server online");
    await page.getByTestId("run-step").click();
    await expect(page.getByTestId("step-result")).toContainText("It worked");
    await shootAllWays(page, testInfo, "walkthrough");
  });

  test("the reply codes, the list and the page of 5.7.1", async ({ page }, testInfo) => {
    await page.goto("/codes?q=relay");
    await expect(page.getByRole("search").getByRole("status")).toContainText("match “relay”");
    await shootAllWays(page, testInfo, "codes-relay");
    await page.goto("/codes/5.7.1");
    await expect(page.getByRole("heading", { level: 1 })).toContainText("5.7.1");
    await shootAllWays(page, testInfo, "code-5.7.1");
  });
});
