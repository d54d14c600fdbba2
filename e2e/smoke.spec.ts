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
