import { expect, seriousViolations, test } from "./fixtures";

for (const colorScheme of ["light", "dark"] as const) {
  test.describe(`no serious or critical axe violations, ${colorScheme} mode`, () => {
    test.use({ colorScheme, reducedMotion: "reduce" });

    test(`the test page, idle (${colorScheme})`, async ({ page, workbench }, testInfo) => {
      await workbench.open();
      await expect(workbench.transcript).toContainText("No test has run yet.");
      expect(await seriousViolations(page, testInfo, "home-idle")).toEqual([]);
    });

    test(`the test page after a run, with the transcript, an explanation open and the panels (${colorScheme})`, async ({ page, smtp, workbench }, testInfo) => {
      const server = await smtp({ replies: { RCPT: "550 5.7.1 Relaying denied" } });
      await workbench.runToEnd({ target: "127.0.0.1", port: server.port, profile: "relay" });
      await workbench.replies(550).getByRole("button", { name: "Explain reply 550" }).click();
      await expect(workbench.panels.getByTestId("checks")).toBeVisible();
      await expect(workbench.panels.getByTestId("timing")).toBeVisible();
      expect(await seriousViolations(page, testInfo, "home-finished")).toEqual([]);

      await page.getByRole("button", { name: "Raw", exact: true }).click();
      await expect(page.getByTestId("raw-transcript")).toBeVisible();
      expect(await seriousViolations(page, testInfo, "home-raw")).toEqual([]);
    });

    test(`the test page with errors beside the fields (${colorScheme})`, async ({ page, workbench }, testInfo) => {
      await workbench.open({ target: "127.0.0.1", profile: "send", from: "not an address" });
      await workbench.run();
      await expect(workbench.form.getByTestId("field-error")).toHaveCount(2);
      expect(await seriousViolations(page, testInfo, "home-errors")).toEqual([]);
    });

    test(`/codes and a filtered list (${colorScheme})`, async ({ page }, testInfo) => {
      await page.goto("/codes");
      await expect(page.getByRole("search").getByRole("status")).toHaveText(/^\d+ codes$/);
      expect(await seriousViolations(page, testInfo, "codes")).toEqual([]);
      await page.getByRole("searchbox", { name: "Search reply codes" }).fill("relay");
      await expect(page.getByRole("search").getByRole("status")).toContainText("match “relay”");
      expect(await seriousViolations(page, testInfo, "codes-relay")).toEqual([]);
    });

    test(`/codes/5.7.1 (${colorScheme})`, async ({ page }, testInfo) => {
      await page.goto("/codes/5.7.1");
      await expect(page.getByRole("heading", { level: 1 })).toContainText("5.7.1");
      expect(await seriousViolations(page, testInfo, "code-5.7.1")).toEqual([]);
    });

    test(`/console, idle and connected (${colorScheme})`, async ({ page, smtp }, testInfo) => {
      const server = await smtp();
      await page.goto(`/console?target=127.0.0.1&port=${server.port}&tls=none`);
      await expect(page.getByTestId("session-status")).toHaveText("Server online");
      expect(await seriousViolations(page, testInfo, "console-idle")).toEqual([]);
      await page.getByRole("button", { name: "Connect" }).click();
      await expect(page.getByTestId("console-suggestion")).toBeVisible();
      expect(await seriousViolations(page, testInfo, "console-connected")).toEqual([]);
    });

    test(`/walkthrough, first step and a step with its result (${colorScheme})`, async ({ page, smtp }, testInfo) => {
      const server = await smtp();
      await page.goto(`/walkthrough?target=127.0.0.1&port=${server.port}&tls=none&from=alice@example.org&to=bob@example.net`);
      await expect(page.getByTestId("session-status")).toHaveText("Server online");
      expect(await seriousViolations(page, testInfo, "walkthrough-start")).toEqual([]);
      await page.getByTestId("run-step").click();
      await expect(page.getByTestId("step-result")).toContainText("It worked");
      expect(await seriousViolations(page, testInfo, "walkthrough-connected")).toEqual([]);
    });
  });
}
