import { createLatch, type DeliveredEvent, expect, expectServerReceived, heldReply, noReply, test } from "./fixtures";
import { freshReader } from "./pages/share-page";

const TARGET = "127.0.0.1";

/** Event types the transcript draws as rows; waits, checks and capabilities go to other places. */
const ROW_TYPES = new Set(["send", "reply", "note", "dns", "connect", "tls", "message", "close"]);

test("Cancel while the server stalls on EHLO ends the session with QUIT and says it was cancelled", async ({ smtp, workbench }) => {
  const server = await smtp({ replies: { EHLO: noReply } });
  await workbench.open({ target: TARGET, port: server.port, profile: "ehlo" });
  await workbench.run();
  await expect(workbench.waitIndicator).toContainText("Waiting for the reply to EHLO");
  await expect(workbench.cancelButton).toBeFocused();

  await workbench.cancelButton.click();

  await expect(workbench.lineOfKind("note").and(workbench.page.locator('[data-note="cancelled"]'))).toContainText(/cancelled by the user/i);
  await expect(workbench.sent("QUIT")).toHaveCount(1);
  await expect(workbench.replies(221)).toBeVisible();
  await expect(workbench.lineOfKind("close")).toContainText("Connection closed (cancelled)");
  await expect(workbench.outcome).toBeVisible();
  await expect(workbench.cancelButton).toBeHidden();
  await expect(workbench.runButton).toBeEnabled();
  await expect(workbench.waitIndicator).toBeHidden();
  await expectServerReceived(server, /^QUIT$/);
  expect(server.allLines).toEqual(["EHLO tester.helodesk.test", "QUIT"]);
});

test("a dropped connection to HeloDesk mid-session reconnects and shows every line exactly once", async ({ smtp, workbench, socketLink }) => {
  const ehlo = createLatch();
  const server = await smtp({ replies: { EHLO: heldReply("EHLO", ehlo) } });
  await workbench.open({ target: TARGET, port: server.port, profile: "ehlo" });
  await workbench.run();
  await expect(workbench.sentLine("EHLO tester.helodesk.test")).toBeVisible();
  const before = await workbench.seqs();

  // The browser loses HeloDesk while the SMTP server still holds the session.
  await socketLink.cut();
  await expect(workbench.serverStatus).toHaveText("Reconnecting…");

  // The session goes on without the browser: EHLO is answered, QUIT sent, the connection closed.
  ehlo.release();
  await expectServerReceived(server, /^QUIT$/);
  await expect(workbench.outcome).toBeHidden();
  expect(await workbench.seqs()).toEqual(before);

  socketLink.restore();
  await expect(workbench.serverStatus).toHaveText("Server online");
  await expect(workbench.outcome).toHaveAttribute("data-outcome", "pass");

  // What was missed arrived as a replay: together with the live part, every event from 0 on, once.
  const delivered = uniqueSeqs(socketLink.delivered);
  expect(delivered).toEqual([...Array(delivered.length).keys()]);
  const expectedRows = uniqueRows(socketLink.delivered);
  const rows = await workbench.seqs();
  expect(rows).toEqual(expectedRows);
  expect(new Set(rows).size).toBe(rows.length);
  expect(rows.length).toBeGreaterThan(before.length);

  // And as the user reads it: each line once, in order.
  await expect(workbench.replies(220)).toHaveCount(1);
  await expect(workbench.sent("EHLO")).toHaveCount(1);
  await expect(workbench.replies(250)).toHaveCount(1);
  await expect(workbench.sent("QUIT")).toHaveCount(1);
  await expect(workbench.replies(221)).toHaveCount(1);
  await expect(workbench.lineOfKind("close")).toHaveCount(1);
});

function uniqueSeqs(events: readonly DeliveredEvent[]): number[] {
  return [...new Set(events.map((e) => e.seq))].sort((a, b) => a - b);
}

function uniqueRows(events: readonly DeliveredEvent[]): number[] {
  return uniqueSeqs(events.filter((e) => ROW_TYPES.has(e.type)));
}

test("a cancelled test says nothing was concluded, here and on its share page, without a FAIL or a “you”", async ({ browser, page, smtp, workbench }) => {
  const server = await smtp({ replies: { EHLO: noReply } });
  await workbench.open({ target: TARGET, port: server.port, profile: "ehlo" });
  await workbench.run();
  await expect(workbench.waitIndicator).toContainText("Waiting for the reply to EHLO");
  await workbench.cancelButton.click();
  await expect(workbench.outcome).toContainText("CANCELLED");
  await expect(workbench.outcome).toContainText("Cancelled before it finished: nothing was concluded.");
  await expect(workbench.outcome).not.toContainText("FAIL");

  const href = (await page.getByTestId("share-link").getAttribute("href"))!;
  const reader = await freshReader(browser);
  await reader.open(href);
  await expect(reader.outcome).toContainText("Cancelled before it finished: nothing was concluded.");
  await expect(reader.outcome).not.toContainText(/\byou\b/i);
  await expect(reader.outcome).not.toContainText("FAIL");
  await reader.page.context().close();
});
