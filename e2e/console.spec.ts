import type { Locator, Page } from "@playwright/test";
import { createLatch, expect, heldReply, test } from "./fixtures";
import { recentRow } from "./support/recent-row";

const QUEUE_ID = "4ZkQ1x3V0Bz9sT";

/** The console page: the connect form, the terminal's transcript and the prompt under it. */
function consolePage(page: Page) {
  const log = page.getByRole("log", { name: "SMTP transcript" });
  const lines = log.getByTestId("transcript-line");
  return {
    connect: page.getByRole("button", { name: "Connect" }),
    state: page.getByTestId("console-state"),
    prompt: page.getByRole("textbox", { name: "SMTP command" }),
    suggestion: page.getByTestId("console-suggestion"),
    warning: page.getByTestId("console-warning"),
    mode: page.getByTestId("console-mode"),
    lines,
    replies: (code: number) => lines.and(page.locator(`[data-kind="reply"][data-code="${code}"]`)),
    sent: (command: string) => lines.and(page.locator(`[data-kind="send"][data-command="${command}"]`)),
  };
}

/**
 * Types a line at the prompt and presses Enter, then waits for the ack: the prompt empties at once,
 * and its form is busy until the server has answered the line (a line sent before then is refused).
 */
async function enter(prompt: Locator, line: string): Promise<void> {
  await prompt.fill(line);
  await prompt.press("Enter");
  await expect(prompt).toHaveValue("");
  await expect(prompt.page().getByRole("form", { name: "Send a line" })).not.toHaveAttribute("aria-busy", "true");
}

test("a typed session from EHLO to QUIT, with a message sent by DATA, explains every reply", async ({ page, smtp }) => {
  const server = await smtp();
  const c = await openConnected(page, server.port);
  await expect(c.replies(220)).toContainText("fixture.helodesk.test ESMTP ready");
  await expect(c.prompt).toBeFocused();

  // The next command of the walk is suggested; Tab takes it.
  await expect(c.suggestion).toHaveAttribute("data-suggestion", /^EHLO \S+/);
  const ehlo = (await c.suggestion.getAttribute("data-suggestion"))!;
  await expect(c.suggestion).toContainText(ehlo);
  await c.prompt.press("Tab");
  await expect(c.prompt).toHaveValue(ehlo);
  await c.prompt.press("Enter");
  await expect(c.replies(250)).toContainText("PIPELINING");
  await expect(c.replies(250).getByRole("button", { name: "Explain reply 250" })).toBeVisible();

  // ArrowUp brings the last line back; Escape clears it.
  await c.prompt.press("ArrowUp");
  await expect(c.prompt).toHaveValue(ehlo);
  await c.prompt.press("Escape");
  await expect(c.prompt).toHaveValue("");

  // A missing colon is flagged before anything is sent.
  await c.prompt.fill("MAIL FROM <alice@example.org>");
  await expect(c.warning).toContainText("MAIL FROM needs a colon: MAIL FROM:<alice@example.org>.");
  await expect(c.warning).toContainText("You can still send it.");
  await enter(c.prompt, "MAIL FROM:<alice@example.org>");
  await expect(c.warning).toBeHidden();
  await expect(c.replies(250).filter({ hasText: "2.1.0" })).toBeVisible();

  await expect(c.suggestion).toHaveAttribute("data-suggestion", /^RCPT TO:</);
  await enter(c.prompt, "RCPT TO:<bob@example.net>");
  await expect(c.replies(250).filter({ hasText: "2.1.5" })).toBeVisible();

  await enter(c.prompt, "DATA");
  const goAhead = c.replies(354);
  await expect(goAhead).toContainText("End data with");
  await expect(c.mode).toHaveAttribute("data-mode", "data");
  await expect(c.mode).toContainText("Message body: end with a line containing only a dot");
  await goAhead.getByRole("button", { name: "Explain reply 354" }).click();
  await expect(goAhead.getByRole("button", { name: "Explain reply 354" })).toHaveAttribute("aria-expanded", "true");
  await expect(goAhead.getByRole("term").first()).toHaveText("354");

  const body = ["Subject: Typed in the console", "", "Hello from the HeloDesk console."];
  for (const [i, line] of body.entries()) {
    await c.prompt.fill(line);
    await c.prompt.press("Enter");
    await expect(c.sent("DATA-LINE")).toHaveCount(i + 1);
  }
  await enter(c.prompt, ".");
  await expect(c.replies(250).filter({ hasText: `queued as ${QUEUE_ID}` })).toBeVisible();
  await expect(c.mode).toBeHidden();
  await expect(c.lines.and(page.locator('[data-kind="message"]'))).toContainText(`queue id ${QUEUE_ID}`);

  await expect(c.suggestion).toHaveAttribute("data-suggestion", "QUIT");
  await enter(c.prompt, "QUIT");
  await expect(c.replies(221)).toBeVisible();
  await expect(c.state).toHaveText("Closed");
  await expect(c.prompt).toBeDisabled();

  // Every reply in the transcript carries its explanation.
  const replies = c.lines.and(page.locator('[data-kind="reply"]'));
  const codes = await replies.evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.code));
  expect(codes).toEqual(["220", "250", "250", "250", "354", "250", "221"]);
  for (const code of codes) await expect(replies.getByRole("button", { name: `Explain reply ${code}` }).first()).toBeVisible();

  expect(server.messages).toHaveLength(1);
  expect(server.messages[0]).toBe(body.join("\r\n"));
});

/** Puts text on the clipboard and pastes it into the prompt with Ctrl+V, as a user would. */
async function paste(page: Page, prompt: Locator, text: string): Promise<void> {
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await prompt.focus();
  await prompt.press("ControlOrMeta+V");
}

/**
 * Opens the console against the server once its socket is up (Connect on a page not yet hydrated
 * would submit the form natively and reload the page), and connects.
 */
async function openConnected(page: Page, port: number) {
  const c = consolePage(page);
  await page.goto(`/console?target=127.0.0.1&port=${port}&tls=none`);
  await expect(page.getByTestId("session-status")).toHaveText("Server online");
  await c.connect.click();
  await expect(c.state).toHaveText("Connected");
  return c;
}

/** openConnected(), then says EHLO. */
async function connected(page: Page, port: number) {
  const c = await openConnected(page, port);
  await enter(c.prompt, "EHLO tester.example");
  await expect(c.replies(250)).toContainText("PIPELINING");
  return c;
}

test("pasting two commands at once is refused with a reason; nothing is sent", async ({ page, smtp }) => {
  const server = await smtp();
  const c = await connected(page, server.port);
  await paste(page, c.prompt, "MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>");
  await expect(page.getByTestId("console-error")).toContainText("Paste one command at a time: the console sends a line and waits for its reply.");
  await expect(c.prompt).toHaveValue("");
  await expect(c.sent("MAIL")).toHaveCount(0);
  // One line pasted is simply typed in.
  await paste(page, c.prompt, "MAIL FROM:<a@example.com>");
  await expect(c.prompt).toHaveValue("MAIL FROM:<a@example.com>");
  await expect(page.getByTestId("console-error")).toBeHidden();
  expect(server.allLines).toEqual(["EHLO tester.example"]);
});

test("while a line waits for its reply the prompt is busy; a line sent then is refused and kept, and goes once the reply is in", async ({ page, smtp }) => {
  const mail = createLatch();
  const server = await smtp({ replies: { MAIL: heldReply("MAIL", mail) } });
  const c = await connected(page, server.port);
  const form = page.getByRole("form", { name: "Send a line" });
  await c.prompt.fill("MAIL FROM:<alice@example.org>");
  await c.prompt.press("Enter");
  await expect(form).toHaveAttribute("aria-busy", "true");
  await expect(form).toContainText("Waiting for the server's reply…");
  await c.prompt.fill("RCPT TO:<bob@example.net>");
  await c.prompt.press("Enter");
  await expect(page.getByTestId("console-error")).toHaveText(/Wait for the server's reply to the previous line\./);
  await expect(c.prompt).toHaveValue("RCPT TO:<bob@example.net>");
  expect(server.allLines).toEqual(["EHLO tester.example", "MAIL FROM:<alice@example.org>"]);
  mail.release();
  await expect(form).not.toHaveAttribute("aria-busy");
  await enter(c.prompt, "RCPT TO:<bob@example.net>");
  await expect(c.replies(250).filter({ hasText: "2.1.5" })).toBeVisible();
  expect(server.allLines.at(-1)).toBe("RCPT TO:<bob@example.net>");
});

test("a message body pasted after DATA is sent line by line", async ({ page, smtp }) => {
  const server = await smtp();
  const c = await connected(page, server.port);
  await enter(c.prompt, "MAIL FROM:<alice@example.org>");
  await enter(c.prompt, "RCPT TO:<bob@example.net>");
  await enter(c.prompt, "DATA");
  await expect(c.mode).toHaveAttribute("data-mode", "data");
  await paste(page, c.prompt, "Subject: Pasted\r\n\r\nLine one\r\nLine two\r\n");
  await expect(c.sent("DATA-LINE")).toHaveCount(4);
  await expect(c.prompt).toHaveValue("");
  await enter(c.prompt, ".");
  await expect(c.replies(250).filter({ hasText: "queued as" })).toBeVisible();
  expect(server.messages).toEqual(["Subject: Pasted\r\n\r\nLine one\r\nLine two"]);
});

test("the share link and delete token show once connected, and the session is listed at home", async ({ page, smtp }) => {
  const server = await smtp();
  await openConnected(page, server.port);
  const box = page.getByTestId("share-box");
  await expect(box.getByTestId("share-link")).toHaveAttribute("href", /^\/t\/[A-Za-z0-9_-]{22}$/);
  await expect(box.getByTestId("delete-token")).not.toBeEmpty();

  const { row: entry } = await recentRow(page);
  await expect(entry).toContainText(`127.0.0.1:${server.port}`);
  await expect(entry.getByRole("link", { name: /^Run again/ })).toHaveAttribute("href", `/console?target=127.0.0.1&port=${server.port}&tls=none`);
});

test("the command history outlives the connection: after Connect again, ArrowUp brings back the last session's lines", async ({ page, smtp }) => {
  const server = await smtp();
  const c = await connected(page, server.port);
  await enter(c.prompt, "QUIT");
  await expect(c.state).toHaveText("Closed");
  await c.connect.click();
  await expect(c.state).toHaveText("Connected");
  await c.prompt.focus();
  await c.prompt.press("ArrowUp");
  await expect(c.prompt).toHaveValue("QUIT");
  await c.prompt.press("ArrowUp");
  await expect(c.prompt).toHaveValue("EHLO tester.example");
});

test("a port the server's policy refuses is shown on the port field, and nothing starts", async ({ page }) => {
  const c = consolePage(page);
  await page.goto("/console?target=127.0.0.1&port=24&tls=none");
  await expect(page.getByTestId("session-status")).toHaveText("Server online");
  await c.connect.click();
  await expect(page.getByTestId("start-error")).toContainText("The form shows what to fix.");
  const port = page.getByRole("combobox", { name: "Port" });
  await expect(port).toHaveAttribute("aria-invalid", "true");
  await expect(port).toHaveAccessibleDescription(/^Port 24 is not one HeloDesk may connect to \(the port rule; allowed: 25, 465, 587, 2525, 1024-65535\)/);
  // No session: no transcript line, no share link.
  await expect(c.state).not.toHaveText("Connected");
  await expect(c.lines).toHaveCount(0);
  await expect(page.getByTestId("share-link")).toHaveCount(0);
});
