import { expect, test } from "./fixtures";

test("the home page loads and says the server is online", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveTitle(/HeloDesk/);
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
});

test("the health endpoint answers", async ({ request }) => {
  const res = await request.get("/healthz");
  expect(res.status()).toBe(200);
  expect(await res.json()).toMatchObject({ ok: true });
});

test("the page has an icon, and loading it logs no error", async ({ page, request }) => {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  await page.goto("/");
  const href = await page.locator('head link[rel="icon"]').first().getAttribute("href");
  expect(href).toBeTruthy();
  const icon = await request.get(href!);
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toMatch(/^image\//);
  // The browser asks for the icon itself once the page has loaded.
  await page.waitForLoadState("networkidle");
  expect(errors).toEqual([]);
});
