import { startAppServer } from "./app-server";
import { expect, test } from "./fixtures";

/** Collects what Chromium says about Content-Security-Policy violations on a page. */
function cspViolations(page: import("@playwright/test").Page): string[] {
  const seen: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(m.text())) seen.push(m.text());
  });
  return seen;
}

test.describe("security headers", () => {
  test("every page gets a nonce CSP its own scripts carry, and still runs a session with no CSP violation", async ({ page, smtp, workbench }) => {
    const violations = cspViolations(page);
    const res = await page.goto("/");
    const csp = res!.headers()["content-security-policy"] ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(res!.headers()).toMatchObject({ "x-content-type-options": "nosniff", "referrer-policy": "no-referrer", "x-frame-options": "DENY" });
    // Every script Next wrote carries this response's nonce (the DOM hides the attribute's value from CSS, not from the property).
    const nonces = await page.locator("script").evaluateAll((scripts) => scripts.map((s) => (s as HTMLScriptElement).nonce));
    expect(nonces.length).toBeGreaterThan(0);
    expect(new Set(nonces)).toEqual(new Set([nonce]));

    // Hydrated and talking over socket.io under the policy: a whole session runs.
    const server = await smtp();
    await workbench.runToEnd({ target: "127.0.0.1", port: server.port, profile: "ehlo" });
    await expect(workbench.outcome).toHaveAttribute("data-outcome", "pass");
    for (const path of ["/console", "/codes", "/codes/550", "/walkthrough"]) {
      const r = await page.goto(path);
      expect(r!.headers()["content-security-policy"]).toMatch(/'nonce-/);
      await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
    }
    expect(violations).toEqual([]);
  });

  test("an address the app does not have answers 404 with its own page, and no CSP violation", async ({ page }) => {
    const violations = cspViolations(page);
    const res = await page.goto("/no-such-page");
    expect(res?.status()).toBe(404);
    await expect(page.getByTestId("page-not-found")).toContainText("No page at this address");
    await expect(page.getByRole("link", { name: "Test a mail server" })).toHaveAttribute("href", "/");
    expect(violations).toEqual([]);
  });

  test("the health endpoint and the socket.io endpoint send nosniff too", async ({ request }) => {
    const health = await request.get("/healthz");
    expect(health.headers()).toMatchObject({ "x-content-type-options": "nosniff", "content-security-policy": "default-src 'none'; frame-ancestors 'none'" });
    const socket = await request.get("/socket.io/?EIO=4&transport=polling");
    expect(socket.headers()["x-content-type-options"]).toBe("nosniff");
  });
});

test.describe("HELODESK_ACCESS_TOKEN", () => {
  const token = "e2e-access-token-0123456789";

  test("a page asks for the token; the ?token= link sets a cookie, drops the token from the URL, and the app works", async ({ browser }) => {
    const app = await startAppServer({ HELODESK_ACCESS_TOKEN: token });
    try {
      const context = await browser.newContext({ baseURL: app.url });
      const page = await context.newPage();
      const refused = await page.goto("/console");
      expect(refused!.status()).toBe(401);
      await expect(page.getByRole("heading", { name: "This HeloDesk is private" })).toBeVisible();

      await page.getByLabel("Access token").fill(token);
      await page.getByRole("button", { name: "Open HeloDesk" }).click();
      await expect(page).toHaveURL(`${app.url}/console`);
      await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
      const cookie = (await context.cookies()).find((c) => c.name === "helodesk_access");
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax" });
      expect(cookie!.value).not.toContain(token);

      // The API wants the cookie or a bearer token; a share link's read needs neither.
      const api = await fetch(`${app.url}/api/sessions`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
      expect(api.status).toBe(401);
      expect((await api.json()).error).toMatch(/private/);
      const bearer = await fetch(`${app.url}/api/sessions`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: "{}" });
      expect(bearer.status).not.toBe(401);
      const share = await fetch(`${app.url}/api/sessions/AAAAAAAAAAAAAAAAAAAAAA`);
      expect(share.status).not.toBe(401);
      await context.close();
    } finally {
      await app.stop();
    }
  });
});
