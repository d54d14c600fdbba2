import { expect, test } from "./fixtures";
import { recentRow } from "./support/recent-row";

const TARGET = "127.0.0.1";

test("Run again keeps every option the form puts in its link (DSN, CHUNKING, AUTH mechanism), never the password", async ({ page, smtp, workbench }) => {
  const server = await smtp();
  await workbench.open({ target: TARGET, port: server.port, profile: "send", from: "alice@example.org", to: "bob@example.net", user: "alice", mech: "PLAIN", dsn: 1, chunking: 1, subject: "Hello" });
  await workbench.field("Password").fill("secret-pass");
  await workbench.run();
  await expect(page.getByTestId("share-box")).toBeVisible();
  const { row } = await recentRow(page);
  const href = (await row.getByRole("link", { name: /^Run again/ }).getAttribute("href"))!;
  expect(href).not.toContain("secret-pass");
  expect(Object.fromEntries(new URL(href, "http://x").searchParams)).toEqual({
    target: TARGET,
    port: String(server.port),
    profile: "send",
    from: "alice@example.org",
    to: "bob@example.net",
    user: "alice",
    mech: "PLAIN",
    dsn: "1",
    chunking: "1",
    subject: "Hello",
  });
});

test("Delete says why when the server refuses it or cannot be reached, and keeps the row", async ({ page, smtp, workbench }) => {
  const server = await smtp();
  await workbench.runToEnd({ target: TARGET, port: server.port, profile: "ehlo" });
  const { id, row } = await recentRow(page);
  const del = row.getByRole("button", { name: /^Delete/ });

  await page.route(`**/api/sessions/${id}`, (route) =>
    route.request().method() === "DELETE"
      ? route.fulfill({ status: 403, contentType: "application/json", body: JSON.stringify({ status: 403, error: "the delete token does not match this session: use the token shown when it started" }) })
      : route.continue(),
  );
  await del.click();
  await expect(row.getByRole("status")).toContainText("Not deleted: the delete token does not match this session");
  await page.unroute(`**/api/sessions/${id}`);

  await page.context().setOffline(true);
  await del.click();
  await expect(row.getByRole("status")).toContainText("Not deleted: HeloDesk could not be reached");
  await page.context().setOffline(false);
  await expect(row).toBeVisible();

  await del.click();
  await expect(row).toHaveCount(0);
});
