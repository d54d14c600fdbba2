import { expect, test } from "./fixtures";

test.describe("the reply code reference", () => {
  test("/codes lists every basic and enhanced code, each linking to its own page", async ({ page }) => {
    await page.goto("/codes");
    await expect(page.getByRole("heading", { level: 1, name: "SMTP reply codes" })).toBeVisible();
    const status = page.getByRole("search").getByRole("status");
    await expect(status).toHaveText(/^\d+ codes$/);
    const total = Number((await status.textContent())!.split(" ")[0]);

    const entries = page.getByTestId("code-entry");
    await expect(entries).toHaveCount(total);
    expect(total).toBeGreaterThan(50);
    await expect(page.getByRole("heading", { level: 2, name: "Basic reply codes" })).toBeVisible();
    const basic550 = page.locator('[data-testid="code-entry"][data-code="550"]');
    await expect(basic550).toContainText("Mailbox unavailable");
    await expect(basic550.getByRole("link")).toHaveAttribute("href", "/codes/550");
    await expect(page.locator('[data-testid="code-entry"][data-code="X.7.1"]')).toContainText("Delivery not authorized, message refused");
  });

  test("typing “relay” in the search box keeps only the codes about relaying, and clearing it brings all back", async ({ page }) => {
    await page.goto("/codes");
    const status = page.getByRole("search").getByRole("status");
    await expect(status).toHaveText(/^\d+ codes$/);
    const total = Number((await status.textContent())!.split(" ")[0]);
    const search = page.getByRole("searchbox", { name: "Search reply codes" });

    await search.fill("relay");
    await expect(status).toHaveText(new RegExp(`^\\d+ of ${total} codes match “relay”$`));
    const matching = Number((await status.textContent())!.split(" ")[0]);
    expect(matching).toBeGreaterThan(0);
    expect(matching).toBeLessThan(total);
    const visible = page.locator('[data-testid="code-entry"]:visible');
    await expect(visible).toHaveCount(matching);
    for (const text of await visible.allTextContents()) expect(text.toLowerCase()).toContain("relay");
    await expect(page.locator('[data-testid="code-entry"][data-code="X.7.1"]')).toBeVisible();
    await expect(page.locator('[data-testid="code-entry"][data-code="220"]')).toBeHidden();
    await expect(page).toHaveURL(/\/codes\?q=relay$/);

    await page.getByRole("link", { name: "Clear" }).click();
    await expect(search).toHaveValue("");
    await expect(search).toBeFocused();
    await expect(status).toHaveText(`${total} codes`);
    await expect(page.locator('[data-testid="code-entry"]:visible')).toHaveCount(total);
  });

  test("/codes/550 opens the page of reply code 550", async ({ page }) => {
    await page.goto("/codes/550");
    await expect(page).toHaveTitle(/^550 — Mailbox unavailable/);
    const heading = page.getByRole("heading", { level: 1 });
    await expect(heading).toContainText("550");
    await expect(heading).toContainText("Mailbox unavailable");
    await expect(page.getByText("RFC 5321 4.2.2")).toBeVisible();
    // The registry pairs 550 with X.7.1; read with class 5 that is 5.7.1.
    await expect(page.getByRole("link", { name: "5.7.1", exact: true })).toHaveAttribute("href", "/codes/5.7.1");
    await page.getByRole("link", { name: "All reply codes" }).click();
    await expect(page).toHaveURL(/\/codes$/);
  });

  test("/codes/5.7.1 opens the page of enhanced status 5.7.1", async ({ page }) => {
    await page.goto("/codes/5.7.1");
    await expect(page).toHaveTitle(/^5\.7\.1 — Delivery not authorized, message refused/);
    const heading = page.getByRole("heading", { level: 1 });
    await expect(heading).toContainText("5.7.1");
    await expect(heading).toContainText("Delivery not authorized, message refused");
    await expect(page.getByRole("main").locator("p", { hasText: "In practice:" })).toContainText("relaying denied");
    await expect(page.getByRole("link", { name: "5.7.1", exact: true })).toHaveAttribute("aria-current", "page");
    await expect(page.getByRole("link", { name: "550", exact: true })).toHaveAttribute("href", "/codes/550");
  });

  test("the badges of a refused relay open /codes/550 and /codes/5.7.1 in a new tab: the result stays on the test page", async ({ page, smtp, workbench }) => {
    const server = await smtp({ replies: { RCPT: "550 5.7.1 Relaying denied" } });
    await workbench.runToEnd({ target: "127.0.0.1", port: server.port, profile: "relay" });
    const refusal = workbench.replies(550);
    const replyBadge = refusal.getByRole("link", { name: "Reply code 550 (opens in a new tab)" });
    const enhancedBadge = refusal.getByRole("link", { name: "Enhanced status 5.7.1 (opens in a new tab)" });
    await expect(replyBadge).toHaveAttribute("href", "/codes/550");
    await expect(enhancedBadge).toHaveAttribute("href", "/codes/5.7.1");
    const token = await page.getByTestId("delete-token").textContent();

    for (const [badge, path, title] of [
      [replyBadge, /\/codes\/550$/, "Mailbox unavailable"],
      [enhancedBadge, /\/codes\/5\.7\.1$/, "Delivery not authorized, message refused"],
    ] as const) {
      const [tab] = await Promise.all([page.context().waitForEvent("page"), badge.click()]);
      await expect(tab).toHaveURL(path);
      await expect(tab.getByRole("heading", { level: 1 })).toContainText(title);
      await tab.close();
      // The test page did not move: its verdict, share box and the once-shown token are still there.
      await expect(page).not.toHaveURL(/\/codes\//);
      await expect(workbench.outcome).toBeVisible();
      await expect(page.getByTestId("delete-token")).toHaveText(token!);
    }
  });
});
