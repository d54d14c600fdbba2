import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { APIRequestContext, Page } from "@playwright/test";
import { openStore } from "../server/store/open-store";
import { startAppServer } from "./app-server";
import { createLatch, expect, heldReply, seriousViolations, test as base } from "./fixtures";
import { freshReader } from "./pages/share-page";

/**
 * This spec runs its own HeloDesk with its own SQLite directory, so a test can reach the store the
 * way an operator could (to let time pass for expiry) without touching other specs' sessions.
 */
const test = base.extend<object, { dataDir: string }>({
  dataDir: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const dir = mkdtempSync(join(tmpdir(), "helodesk-share-e2e-"));
      await use(dir);
      rmSync(dir, { recursive: true, force: true });
    },
    { scope: "worker" },
  ],
  app: [
    async ({ dataDir }, use) => {
      const app = await startAppServer({ HELODESK_DATA_DIR: dataDir });
      await use(app);
      await app.stop();
    },
    { scope: "worker" },
  ],
});

const TARGET = "127.0.0.1";
/** A whole link, as the share box shows it once the page knows its own origin. */
const ID_LINK = /^https?:\/\/[^/\s]+\/t\/[A-Za-z0-9_-]{22}$/;

/** The share link the test page shows, once it is whole (the origin is filled in after mount). */
async function shownShareUrl(page: Page): Promise<string> {
  const link = page.getByTestId("share-link");
  await expect(link).toHaveText(ID_LINK);
  return (await link.textContent())!;
}

interface Created {
  id: string;
  shareUrl: string;
  deleteToken: string;
  document: { events: unknown[]; outcome: string };
}

async function createViaApi(request: APIRequestContext, body: object): Promise<Created> {
  const res = await request.post("/api/sessions", { data: { target: TARGET, profile: "ehlo", ...body } });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as Created;
}

test("the share link opens in a fresh browser with the transcript, verdict and panels, and is listed at home", async ({ browser, smtp, workbench, page }, testInfo) => {
  const server = await smtp();
  await workbench.runToEnd({ target: TARGET, port: server.port, profile: "ehlo" });
  const url = await shownShareUrl(page);
  await expect(page.getByTestId("delete-token")).toHaveText(/^[A-Za-z0-9_-]{32}$/);

  const reader = await freshReader(browser);
  const response = await reader.open(url);
  expect(response?.status()).toBe(200);
  expect(response?.headers()["referrer-policy"]).toBe("no-referrer");
  expect(response?.headers()["x-robots-tag"]).toBe("noindex");
  await expect(reader.page).toHaveTitle(new RegExp(`^127\\.0\\.0\\.1:${server.port} — `));
  await expect(reader.sentLine("EHLO tester.helodesk.test")).toBeVisible();
  await expect(reader.replies(221)).toBeVisible();
  await expect(reader.outcome).toHaveAttribute("data-outcome", "pass");
  await expect(reader.page.getByTestId("session-panels")).toBeVisible();
  await expect(reader.page.getByRole("button", { name: "Run", exact: true })).toHaveCount(0);
  await reader.page.getByText("Delete this session").click();
  expect(await seriousViolations(reader.page, testInfo, "share-page")).toEqual([]);
  await reader.page.context().close();

  // The creator's browser lists it on the home page, to reopen or run again.
  await workbench.open();
  const entry = page.getByTestId("recent-session").filter({ hasText: `127.0.0.1:${server.port}` });
  await expect(entry).toBeVisible();
  await expect(entry.getByRole("link", { name: /^Open/ })).toHaveAttribute("href", new URL(url).pathname);
  await expect(entry.getByRole("link", { name: /^Run again/ })).toHaveAttribute("href", `/?target=127.0.0.1&port=${server.port}`);
  expect(await seriousViolations(page, testInfo, "home-recent-sessions")).toEqual([]);
});

test("the share page is readable without JavaScript", async ({ browser, request, smtp }) => {
  const server = await smtp();
  const { shareUrl } = await createViaApi(request, { port: server.port });
  const reader = await freshReader(browser, { javaScriptEnabled: false });
  await reader.open(shareUrl);
  await expect(reader.sentLine("EHLO tester.helodesk.test")).toBeVisible();
  await expect(reader.replies(250)).toContainText("SMTPUTF8");
  await expect(reader.outcome).toHaveAttribute("data-outcome", "pass");

  // So is a link that leads nowhere: mistyped, cut short, or of a session never stored.
  for (const path of ["/t/AAAAAAAAAAAAAAAAAAAAAA", "/t/abc"]) {
    const answer = await reader.open(path);
    expect(answer?.status(), path).toBe(404);
    await expect(reader.notFound).toContainText("No session at this link");
    await expect(reader.page).toHaveTitle("Session not found — HeloDesk");
  }
  await reader.page.context().close();
});

test("two readers follow a running session live until it ends", async ({ browser, smtp, workbench, page }) => {
  const ehlo = createLatch();
  const server = await smtp({ replies: { EHLO: heldReply("EHLO", ehlo) } });
  await workbench.open({ target: TARGET, port: server.port, profile: "ehlo" });
  await workbench.run();
  await expect(workbench.sentLine("EHLO tester.helodesk.test")).toBeVisible();
  const url = await shownShareUrl(page);

  const readers = [await freshReader(browser), await freshReader(browser)];
  for (const reader of readers) {
    await reader.open(url);
    await expect(reader.running).toHaveAttribute("data-state", "running");
    await expect(reader.page).toHaveTitle(`${TARGET}:${server.port} — test running`);
    await expect(reader.sentLine("EHLO tester.helodesk.test")).toBeVisible();
    await expect(reader.replies(250)).toHaveCount(0);
  }
  ehlo.release();
  // Held long enough, the EHLO reply counts as slow (a warning): readers get the creator's verdict, whichever it is.
  await expect(workbench.outcome).toBeVisible();
  const verdict = (await workbench.outcome.getAttribute("data-outcome"))!;
  for (const reader of readers) {
    await expect(reader.replies(250)).toHaveCount(1);
    await expect(reader.replies(221)).toHaveCount(1);
    await expect(reader.outcome).toHaveAttribute("data-outcome", verdict);
    // The tab says how it ended, as the page's title after a reload does.
    const title = await reader.page.title();
    expect(title).not.toMatch(/test running/);
    expect(title).toMatch(verdict === "pass" ? /— all checks passed$/ : /— passed with warnings: Reply times$/);
    await reader.page.reload();
    await expect(reader.page).toHaveTitle(title);
    await reader.page.context().close();
  }
});

for (const when of ["while it follows live", "before its page has subscribed"] as const) {
  test(`a reader of a running session deleted ${when} sees it deleted, not cancelled or interrupted`, async ({ browser, request, smtp, workbench, page }) => {
    const [ehlo, quit] = [createLatch(), createLatch()];
    const server = await smtp({ replies: { EHLO: heldReply("EHLO", ehlo), QUIT: heldReply("QUIT", quit) } });
    await workbench.open({ target: TARGET, port: server.port, profile: "ehlo" });
    await workbench.run();
    await expect(workbench.sentLine("EHLO tester.helodesk.test")).toBeVisible();
    const url = await shownShareUrl(page);
    const token = (await page.getByTestId("delete-token").textContent())!;
    const id = new URL(url).pathname.split("/").at(-1)!;
    const remove = async () => expect((await request.delete(`/api/sessions/${id}`, { headers: { "x-delete-token": token } })).status()).toBe(204);

    const reader = await freshReader(browser);
    if (when === "before its page has subscribed") await reader.page.route("**/socket.io/**", (route) => route.abort());
    await reader.open(url);
    await expect(reader.running).toHaveAttribute("data-state", "running");
    if (when === "while it follows live") {
      ehlo.release();
      // A reply that came after the page was rendered: the page is following live.
      await expect(reader.replies(250)).toHaveCount(1);
      await remove();
      quit.release();
    } else {
      await remove();
      await reader.page.unroute("**/socket.io/**");
    }
    await expect(reader.page.getByRole("heading", { name: "This session was deleted" })).toBeVisible();
    await expect(reader.gone).toHaveAttribute("data-reason", "deleted");
    await expect(reader.page.getByText("EHLO tester.helodesk.test")).toHaveCount(0);
    ehlo.release();
    quit.release();
    await reader.page.context().close();
  });
}

test("each export downloads and matches the session", async ({ browser, request, smtp }) => {
  const server = await smtp({ replies: { RCPT: "550 5.7.1 Relay access denied" } });
  const created = await createViaApi(request, { port: server.port, profile: "relay", from: "alice@example.org", to: ["bob@example.net"] });
  const reader = await freshReader(browser);
  await reader.open(created.shareUrl);
  // The refusal is what a relay test hopes for: the title says the test passed.
  await expect(reader.page).toHaveTitle(/ — all checks passed$/);

  const download = async (format: "Text" | "Markdown" | "JSON") => {
    const [file] = await Promise.all([reader.page.waitForEvent("download"), reader.exportLink(format).click()]);
    return { name: file.suggestedFilename(), text: readFileSync((await file.path())!, "utf8") };
  };
  const txt = await download("Text");
  expect(txt.name).toMatch(/^helodesk-127\.0\.0\.1-.+\.txt$/);
  expect(txt.text).toContain("-> RCPT TO:<bob@example.net>");
  expect(txt.text).toContain("<- 550 5.7.1 Relay access denied");
  expect(txt.text).toBe(await (await request.get(`/api/sessions/${created.id}/transcript.txt`)).text());

  const md = await download("Markdown");
  expect(md.name).toMatch(/\.md$/);
  expect(md.text).toContain("## What failed");
  expect(md.text).toContain("<- 550 5.7.1 Relay access denied");
  expect(md.text).toContain(`<${created.shareUrl}>`);

  const json = await download("JSON");
  expect(json.name).toMatch(/\.json$/);
  const doc = JSON.parse(json.text) as { id: string; events: unknown[]; outcome: string };
  expect(doc).toEqual(created.document);
  await reader.page.context().close();
});

test("the share link hides the addresses and body the creator chose to hide; the creator still sees them", async ({ browser, smtp, workbench, page }) => {
  const server = await smtp({ replies: { RCPT: "250 2.1.5 <BOB@EXAMPLE.NET> ok" } });
  await workbench.open({ target: TARGET, port: server.port, profile: "send", from: "alice@example.org", to: "bob@example.net", subject: "Quarterly numbers" });
  await page.getByLabel("Hide addresses in the shared view").check();
  await page.getByLabel("Hide the message body in the shared view").check();
  await page.getByLabel("Link lasts").selectOption("1");
  await workbench.run();
  await expect(workbench.outcome).toBeVisible({ timeout: 15_000 });
  await expect(workbench.sentLine("RCPT TO:<bob@example.net>")).toBeVisible();
  const url = await shownShareUrl(page);

  // Two links to copy, told apart by what they say: only the share link hides anything.
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.getByRole("button", { name: /^Copy share link/ }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  await page.getByRole("button", { name: "Copy form link" }).click();
  await expect(workbench.form).toContainText("Form link copied: it fills in this form, addresses included");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(/[?&]from=alice%40example\.org/);

  const reader = await freshReader(browser);
  await reader.open(url);
  await expect(reader.outcome).toHaveAttribute("data-outcome", "pass");
  await expect(reader.page.getByTestId("redaction-notice")).toContainText("addresses and the message body");
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  await expect(reader.page.getByTestId("share-expires")).toContainText(tomorrow);
  await expect(reader.sentLine("RCPT TO:<[recipient hidden]>")).toBeVisible();
  await expect(reader.sentLine(/^.*\[message body hidden: \d+ lines\]/)).toBeVisible();
  const html = await reader.page.content();
  expect(html).not.toMatch(/alice@example\.org|bob@example\.net|Quarterly numbers/i);
  const id = new URL(url).pathname.split("/").at(-1)!;
  for (const path of ["", "/transcript.txt", "/transcript.md"]) {
    expect(await (await reader.page.request.get(`/api/sessions/${id}${path}`)).text()).not.toMatch(/alice@|bob@example|Quarterly/i);
  }
  await reader.page.context().close();
});

test("an expired link shows its page with HTTP 410", async ({ browser, request, smtp, dataDir }) => {
  const server = await smtp();
  const { id, shareUrl } = await createViaApi(request, { port: server.port, share: { expiresInDays: 1 } });
  // Two days pass: the purge the server runs every hour, with the clock moved past the expiry, on its own store file.
  const { store } = await openStore({ HELODESK_DATA_DIR: dataDir, DATABASE_URL: undefined });
  try {
    expect(await store.purgeExpired(new Date(Date.now() + 2 * 86_400_000))).toBeGreaterThanOrEqual(1);
  } finally {
    await store.close();
  }
  const reader = await freshReader(browser);
  const response = await reader.open(shareUrl);
  expect(response?.status()).toBe(410);
  await expect(reader.gone).toHaveAttribute("data-reason", "expired");
  await expect(reader.page.getByRole("heading", { name: "This share link has expired" })).toBeVisible();
  expect((await request.get(`/api/sessions/${id}`)).status()).toBe(410);
  await reader.page.context().close();
});

test("the delete form reads a few KiB at most: a huge form is refused with 413 and deletes nothing", async ({ request, smtp }) => {
  const server = await smtp();
  const { id, deleteToken } = await createViaApi(request, { port: server.port });
  const form = { "content-type": "application/x-www-form-urlencoded" };
  const huge = await request.post(`/t/${id}/delete`, { headers: form, data: `token=${deleteToken}&pad=${"x".repeat(5 * 1024 * 1024)}`, maxRedirects: 0 });
  expect(huge.status()).toBe(413);
  expect(await huge.text()).toContain("The form is too large");
  expect((await request.get(`/api/sessions/${id}`)).status()).toBe(200);
  const ok = await request.post(`/t/${id}/delete`, { headers: form, data: `token=${deleteToken}`, maxRedirects: 0 });
  expect(ok.status()).toBe(303);
  expect((await request.get(`/api/sessions/${id}`)).status()).toBe(410);
});

test("the delete form needs the right token; a deleted link then shows its page with 410", async ({ browser, request, smtp }) => {
  const server = await smtp();
  const { shareUrl, deleteToken } = await createViaApi(request, { port: server.port });
  const reader = await freshReader(browser);
  await reader.open(shareUrl);
  await reader.page.getByText("Delete this session").click();
  await reader.deleteToken.fill("not-the-token-not-the-token-xx");
  await reader.deleteButton.click();
  await expect(reader.page.getByRole("alert").filter({ hasText: "delete token" })).toContainText("does not match");
  await expect(reader.sentLine("EHLO tester.helodesk.test")).toBeVisible();

  await reader.deleteToken.fill(deleteToken);
  await reader.deleteButton.click();
  await expect(reader.gone).toHaveAttribute("data-reason", "deleted");
  const again = await reader.open(shareUrl);
  expect(again?.status()).toBe(410);
  await expect(reader.page.getByRole("heading", { name: "This session was deleted" })).toBeVisible();

  const unknown = await reader.open("/t/AAAAAAAAAAAAAAAAAAAAAA");
  expect(unknown?.status()).toBe(404);
  await expect(reader.notFound).toBeVisible();
  await reader.page.context().close();
});

test("API round trip: POST, GET JSON, text and Markdown, DELETE, then 410; OpenAPI lists it all", async ({ request, smtp }) => {
  const server = await smtp();
  const created = await createViaApi(request, { port: server.port });
  expect(created.shareUrl).toMatch(ID_LINK);
  expect(created.document.outcome).toBe("pass");

  const json = await request.get(`/api/sessions/${created.id}`);
  expect(json.status()).toBe(200);
  expect(await json.json()).toEqual(created.document);
  const txt = await request.get(`/api/sessions/${created.id}/transcript.txt`);
  expect(txt.headers()["content-type"]).toMatch(/^text\/plain/);
  expect(await txt.text()).toContain("-> EHLO tester.helodesk.test");
  const md = await request.get(`/api/sessions/${created.id}/transcript.md`);
  expect(md.headers()["content-type"]).toMatch(/^text\/markdown/);
  expect(await md.text()).toContain("No check failed");

  expect((await request.delete(`/api/sessions/${created.id}`, { headers: { "x-delete-token": "wrong-wrong-wrong-wrong-wrong" } })).status()).toBe(403);
  expect((await request.delete(`/api/sessions/${created.id}`, { headers: { "x-delete-token": created.deleteToken } })).status()).toBe(204);
  const gone = await request.get(`/api/sessions/${created.id}`);
  expect(gone.status()).toBe(410);
  expect(await gone.json()).toMatchObject({ status: 410, error: expect.stringMatching(/deleted/) });
  expect((await request.get("/api/sessions/AAAAAAAAAAAAAAAAAAAAAA")).status()).toBe(404);

  const bad = await request.post("/api/sessions", { data: { target: "", port: 70000 } });
  expect(bad.status()).toBe(400);
  expect(((await bad.json()) as { issues: { path: string }[] }).issues.map((i) => i.path).sort()).toEqual(["port", "target"]);

  // A Host of another name is refused (DNS rebinding); an address is served, whatever it is.
  expect((await request.get("/api/openapi.json", { headers: { host: "evil.example" } })).status()).toBe(403);
  const openapi = (await (await request.get("/api/openapi.json", { headers: { host: "192.0.2.1" } })).json()) as {
    openapi: string;
    paths: Record<string, unknown>;
    servers: Array<{ url: string }>;
  };
  expect(openapi.openapi).toBe("3.1.0");
  // Cacheable, so never built from the Host header a client sent.
  expect(openapi.servers).toEqual([{ url: "/" }]);
  expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(["/api/sessions", "/api/sessions/{id}", "/api/sessions/{id}/transcript.txt", "/api/sessions/{id}/transcript.md"]));
});
