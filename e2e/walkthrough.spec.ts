import type { Page } from "@playwright/test";
import { expect, noReply, test } from "./fixtures";
import { recentRow } from "./support/recent-row";

const QUEUE_ID = "4ZkQ1x3V0Bz9sT";

/** The steps after Connect against a plaintext server, the command each one sends and the answer it hopes for. */
const STEPS = [
  { step: "ehlo", title: "Say hello (EHLO)", command: /^EHLO tester\.helodesk\.test$/, code: 250 },
  { step: "mail-from", title: "Sender (MAIL FROM)", command: /^MAIL FROM:<alice@example\.org>$/, code: 250 },
  { step: "rcpt-to", title: "Recipient (RCPT TO)", command: /^RCPT TO:<bob@example\.net>$/, code: 250 },
  { step: "data", title: "Start the message (DATA)", command: /^DATA$/, code: 354 },
] as const;

/** Opens the walkthrough on the fixture server in plaintext, with the envelope given (none: the user types it), once the page is live. */
async function openWalk(page: Page, port: number, envelope: { from?: string; to?: string } = {}) {
  await page.goto(`/walkthrough?${new URLSearchParams({ target: "127.0.0.1", port: String(port), tls: "none", ...envelope })}`);
  await expect(page.getByTestId("session-status")).toHaveText("Server online");
}

test("the walkthrough goes from Connect to the Summary with the keyboard alone", async ({ page, smtp }) => {
  const server = await smtp();
  await openWalk(page, server.port);
  const card = page.getByTestId("walkthrough-step");
  const result = card.getByTestId("step-result");
  const next = card.getByRole("button", { name: /^Next step/ });
  const progress = page.getByLabel("Walkthrough progress");

  // Connect: the link brought the server; the addresses are typed, Enter runs the step.
  await expect(card).toHaveAttribute("data-step", "connect");
  await expect(progress).toContainText("Step 1 of");
  await card.getByLabel("Sender (MAIL FROM)").focus();
  await page.keyboard.type("alice@example.org");
  await page.keyboard.press("Tab");
  await expect(card.getByLabel("Recipient (RCPT TO)")).toBeFocused();
  await page.keyboard.type("bob@example.net");
  await expect(card.getByTestId("step-command")).toHaveText(`telnet 127.0.0.1 ${server.port}`);
  await page.keyboard.press("Enter");
  await expect(result).toContainText("It worked: the server answered 220");
  await expect(next).toBeFocused();
  await expect(next).toHaveText(/Next step: Say hello \(EHLO\)/);
  await page.keyboard.press("Enter");

  // Each step: its command is focused, Enter sends it, the answer is explained, Enter goes on.
  for (const { step, title, command, code } of STEPS) {
    await expect(card).toHaveAttribute("data-step", step);
    await expect(card.getByRole("heading", { level: 2 })).toHaveText(title);
    const field = card.getByTestId("step-command");
    await expect(field).toBeFocused();
    await expect(field).toHaveValue(command);
    await page.keyboard.press("Enter");
    await expect(result).toHaveAttribute("data-ok", "true");
    await expect(result).toContainText(`It worked: the server answered ${code}`);
    await expect(next).toBeFocused();
    await page.keyboard.press("Enter");
  }

  // The message: edited in a text area, where Enter is a new line and Ctrl+Enter runs the step.
  await expect(card).toHaveAttribute("data-step", "body");
  const message = card.getByRole("textbox", { name: "Message to send" });
  await expect(message).toBeFocused();
  await expect(message).toHaveValue(/^From: <alice@example\.org>\nTo: <bob@example\.net>\nSubject: HeloDesk test message\n/);
  await page.keyboard.press("Control+End");
  await page.keyboard.press("Enter");
  await page.keyboard.type("Typed in the walkthrough.");
  await page.keyboard.press("Control+Enter");
  await expect(result).toContainText("It worked: the server answered 250");
  await expect(result).toContainText(`Queue id: ${QUEUE_ID}`);
  await expect(next).toBeFocused();
  await page.keyboard.press("Enter");

  await expect(card).toHaveAttribute("data-step", "quit");
  await expect(card.getByTestId("step-command")).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(result).toContainText("It worked: the server answered 221");
  await expect(next).toHaveText(/Next step: Summary/);
  await expect(next).toBeFocused();
  await page.keyboard.press("Enter");

  // The last step: the verdict for the ticket, every step worked.
  await expect(card).toHaveAttribute("data-step", "summary");
  await expect(card.getByRole("heading", { level: 2, name: "Summary" })).toBeFocused();
  await expect(result).toHaveAttribute("data-ok", "true");
  await expect(result).toContainText("The server accepted the test message.");
  await expect(result).toContainText(`Queue id ${QUEUE_ID}`);
  const rows = card.getByRole("listitem");
  await expect(rows).toHaveCount(7);
  for (const row of await rows.all()) await expect(row).toContainText(": worked");
  await expect(progress).toContainText("Step 8 of 8");

  expect(server.messages).toHaveLength(1);
  expect(server.messages[0]).toContain("Subject: HeloDesk test message");
  expect(server.messages[0]).toContain("Typed in the walkthrough.");
  expect(server.allLines.at(-1)).toBe("QUIT");
});

for (const [refusal, rcptReply, said] of [
  ["refused", "550 5.7.1 Relaying denied", "failed"],
  ["greylisted (4xx)", "451 4.7.1 Service unavailable - try again later (greylisted)", "not now, try again later"],
] as const) test(`a ${refusal} recipient leads to QUIT, not DATA, and DATA is shown as skipped`, async ({ page, smtp }) => {
  const server = await smtp({ replies: { RCPT: rcptReply } });
  await openWalk(page, server.port, { from: "alice@example.org", to: "bob@example.net" });
  const card = page.getByTestId("walkthrough-step");
  const result = card.getByTestId("step-result");
  const next = card.getByRole("button", { name: /^Next step/ });
  const run = async (step: string) => {
    await expect(card).toHaveAttribute("data-step", step);
    await card.getByTestId("step-command").press("Enter");
    await expect(result).toBeVisible();
  };

  await card.getByTestId("run-step").click();
  await expect(result).toContainText("It worked: the server answered 220");
  await next.click();
  await run("ehlo");
  await next.click();
  await run("mail-from");
  await next.click();
  await run("rcpt-to");
  await expect(result).toHaveAttribute("data-ok", "false");
  await expect(next).toHaveText(/^Next step: Say goodbye \(QUIT\)/);
  await next.click();
  await run("quit");
  await expect(result).toContainText("221");
  expect(server.allLines).not.toContain("DATA");
  await expect(page.getByLabel("Walkthrough progress").locator('li[data-step="data"]')).toHaveAttribute("data-status", "skipped");

  // The summary marks the recipient step as its result box did: a 4xx is "not now", not a failure.
  await next.click();
  await expect(card).toHaveAttribute("data-step", "summary");
  await expect(card.getByTestId("summary-row").and(page.locator('[data-step="rcpt-to"]'))).toContainText(`Recipient (RCPT TO): ${said}`);
  await expect(result).toHaveAttribute("data-tone", said === "failed" ? "fail" : "retry");
});

test("a refused EHLO goes on to MAIL FROM: STARTTLS is not offered when no extension list came", async ({ page, smtp }) => {
  const server = await smtp({ replies: { EHLO: "502 5.5.1 Command not implemented" } });
  await openWalk(page, server.port, { from: "alice@example.org", to: "bob@example.net" });
  const card = page.getByTestId("walkthrough-step");
  const result = card.getByTestId("step-result");
  const next = card.getByRole("button", { name: /^Next step/ });
  await card.getByTestId("run-step").click();
  await expect(result).toContainText("It worked: the server answered 220");
  await next.click();
  await expect(card).toHaveAttribute("data-step", "ehlo");
  await card.getByTestId("step-command").press("Enter");
  await expect(result).toContainText("the server answered 502");
  await expect(result).toContainText("change EHLO to HELO");
  await expect(next).toHaveText(/^Next step: Sender \(MAIL FROM\)/);
  await expect(page.getByLabel("Walkthrough progress").locator('li[data-step="starttls"]')).toHaveCount(0);
  expect(server.allLines).not.toContain("STARTTLS");
});

test("the share link and delete token show once the walk has connected, and the session is listed at home", async ({ page, smtp }) => {
  const server = await smtp();
  await openWalk(page, server.port, { from: "alice@example.org", to: "bob@example.net" });
  const card = page.getByTestId("walkthrough-step");
  await card.getByTestId("run-step").click();
  await expect(card.getByTestId("step-result")).toContainText("It worked: the server answered 220");
  const box = page.getByTestId("share-box");
  await expect(box.getByTestId("delete-token")).not.toBeEmpty();

  const { row: entry } = await recentRow(page);
  await expect(entry).toContainText(`127.0.0.1:${server.port}`);
  await expect(entry.getByRole("link", { name: /^Run again/ })).toHaveAttribute("href", /^\/walkthrough\?/);
});

/** Connects, then runs each of these steps in turn with Enter, each answered as hoped. */
async function connectAndRun(page: Page, steps: string[]) {
  const card = page.getByTestId("walkthrough-step");
  const result = card.getByTestId("step-result");
  const next = card.getByRole("button", { name: /^Next step/ });
  await card.getByTestId("run-step").click();
  await expect(result).toContainText("It worked: the server answered 220");
  for (const step of steps) {
    await next.click();
    await expect(card).toHaveAttribute("data-step", step);
    await card.getByTestId("step-command").press("Enter");
    await expect(result).toHaveAttribute("data-ok", "true");
  }
  return { card, result, next };
}

test("the walk takes the null sender and a bare postmaster, as the console suggests them", async ({ page, smtp }) => {
  const server = await smtp();
  await openWalk(page, server.port, { from: "<>", to: "postmaster" });
  await connectAndRun(page, ["ehlo", "mail-from", "rcpt-to"]);
  expect(server.allLines).toEqual(expect.arrayContaining(["MAIL FROM:<>", "RCPT TO:<postmaster>"]));
});

test("a step the server never answers can be stopped: QUIT goes out and the walk goes on to the summary", async ({ page, smtp }) => {
  const server = await smtp({ replies: { RCPT: noReply } });
  await openWalk(page, server.port, { from: "alice@example.org", to: "bob@example.net" });
  const { card, result, next } = await connectAndRun(page, ["ehlo", "mail-from"]);
  await next.click();
  await expect(card).toHaveAttribute("data-step", "rcpt-to");
  await card.getByTestId("step-command").press("Enter");
  const stop = card.getByRole("button", { name: "Stop waiting: say QUIT and disconnect" });
  await expect(stop).toBeVisible();
  await stop.click();
  await expect(result).toContainText("No answer from the server");
  await expect(stop).toBeHidden();
  await expect.poll(() => server.allLines.at(-1)).toBe("QUIT");
  await next.click();
  await expect(card).toHaveAttribute("data-step", "summary");
});
