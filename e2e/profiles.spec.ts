import { authPlainServer, createLatch, expect, expectServerReceived, getTestCertificates, heldReply, test } from "./fixtures";

const TARGET = "127.0.0.1";
const QUEUE_ID = "4ZkQ1x3V0Bz9sT";

test.describe("each profile, end to end against a scripted server", () => {
  test("banner: the 220 greeting is shown and explained, then QUIT, and the run passes", async ({ smtp, workbench }) => {
    const server = await smtp({ greeting: "220 mx.fixture.test ESMTP Postfix" });
    await workbench.runToEnd({ target: TARGET, port: server.port, profile: "banner" });

    await expect(workbench.replies(220)).toContainText("mx.fixture.test ESMTP Postfix");
    await expect(workbench.replies(220).getByRole("button", { name: "Explain reply 220" })).toBeVisible();
    await expect(workbench.sent("QUIT")).toHaveCount(1);
    await expect(workbench.sent("EHLO")).toHaveCount(0);
    await expect(workbench.replies(221)).toBeVisible();
    await expect(workbench.lineOfKind("close")).toContainText("Connection closed (quit)");
    await expect(workbench.outcome).toHaveAttribute("data-outcome", "pass");
    await expect(workbench.outcome).toContainText("PASS");
    expect(server.allLines).toEqual(["QUIT"]);
  });

  test("ehlo: the extensions are listed in the transcript and the Extensions panel, and the Raw view shows the wire", async ({ page, smtp, workbench }) => {
    const server = await smtp();
    await workbench.runToEnd({ target: TARGET, port: server.port, profile: "ehlo" });

    await expect(workbench.sent("EHLO")).toHaveCount(1);
    await expect(workbench.sentLine("EHLO tester.helodesk.test")).toBeVisible();
    const ehloReply = workbench.replies(250).first();
    await expect(ehloReply).toContainText("fixture.helodesk.test greets you");
    await expect(ehloReply).toContainText("PIPELINING");
    await expect(workbench.outcome).toHaveAttribute("data-outcome", "pass");
    await expect(page.getByTestId("check").and(page.locator('[data-check="ehlo"]'))).toHaveAttribute("data-status", "pass");
    const capabilities = page.getByTestId("capabilities");
    await expect(capabilities.getByTestId("capability")).toHaveText([/PIPELINING/, /SIZE\s*10240000/, /8BITMIME/, /ENHANCEDSTATUSCODES/, /SMTPUTF8/]);

    // The same session as a telnet window shows it.
    await page.getByRole("button", { name: "Raw", exact: true }).click();
    await expect(page.getByRole("button", { name: "Raw", exact: true })).toHaveAttribute("aria-pressed", "true");
    const raw = page.getByTestId("raw-transcript");
    await expect(raw).toContainText(`Trying ${TARGET}...`);
    await expect(raw).toContainText("220 fixture.helodesk.test ESMTP ready");
    await expect(raw).toContainText("EHLO tester.helodesk.test");
    await expect(raw).toContainText("250-PIPELINING");
    await expect(raw).toContainText("Connection closed by foreign host.");
    await expect(workbench.transcript).toBeHidden();
    await page.getByRole("button", { name: "Annotated", exact: true }).click();
    await expect(workbench.transcript).toBeVisible();
    await expect(raw).toHaveCount(0);
  });

  test("starttls: the upgrade is shown, the lines after it are marked TLS, and the certificate panel judges the certificate", async ({ page, smtp, workbench }) => {
    const { server: material } = await getTestCertificates();
    const server = await smtp({ tls: { key: material.key, cert: material.cert } });
    await workbench.runToEnd({ target: TARGET, port: server.port, profile: "starttls" });

    await expect(workbench.sent("STARTTLS")).toHaveCount(1);
    await expect(workbench.replies(220).filter({ hasText: "Ready to start TLS" })).toBeVisible();
    await expect(workbench.lineOfKind("tls")).toContainText("CN=mail.helodesk.test");
    // After the handshake the client starts over with EHLO, inside TLS (RFC 3207 4.2).
    const ehlos = workbench.sent("EHLO");
    await expect(ehlos).toHaveCount(2);
    await expect(ehlos.nth(0)).not.toHaveAttribute("data-tls", "true");
    await expect(ehlos.nth(1)).toHaveAttribute("data-tls", "true");
    await expect(ehlos.nth(1)).toContainText("inside TLS");
    expect(server.connections[0]?.tls).toBe(true);

    const certificate = page.getByTestId("certificate");
    await expect(certificate).toContainText("CN=mail.helodesk.test");
    await expect(certificate).toContainText("Not verified");
    await expect(page.locator('[data-testid="check"][data-check="tls-handshake"]')).toHaveAttribute("data-status", "pass");
    // A private CA HeloDesk was not told to trust: a warning, not a failure.
    await expect(page.locator('[data-testid="check"][data-check="certificate"]')).toHaveAttribute("data-status", "warn");
    await expect(workbench.outcome).toHaveAttribute("data-outcome", "warn");
  });

  test("auth: AUTH PLAIN is accepted with 235, and the secret line is shown redacted", async ({ page, smtp, workbench }) => {
    const server = await smtp(authPlainServer("alice", "s3cret-pa55"));
    await workbench.open({ target: TARGET, port: server.port, profile: "auth", user: "alice" });
    await workbench.field("Password").fill("s3cret-pa55");
    await workbench.run();
    await expect(workbench.outcome).toBeVisible();

    const authLine = workbench.sent("AUTH");
    await expect(authLine).toHaveAttribute("data-secret", "true");
    await expect(authLine).toContainText("AUTH PLAIN [redacted]");
    await expect(workbench.replies(235)).toContainText("Authentication successful");
    await expect(page.locator('[data-testid="check"][data-check="auth"]')).toHaveAttribute("data-status", "pass");
    // This scripted server has no TLS: the password crossed in clear, which the run says and warns about.
    await expect(page.locator('[data-testid="check"][data-check="auth-in-clear"]')).toHaveAttribute("data-status", "warn");
    await expect(workbench.outcome).toHaveAttribute("data-outcome", "warn");
    // The password reached the server, and nowhere on the page.
    expect(server.allLines.find((l) => l.startsWith("AUTH PLAIN"))).toBe(`AUTH PLAIN ${Buffer.from("\0alice\0s3cret-pa55").toString("base64")}`);
    await expect(page.locator("body")).not.toContainText("s3cret-pa55");
    await expect(page.locator("body")).not.toContainText(Buffer.from("\0alice\0s3cret-pa55").toString("base64"));
  });

  test("auth: a wrong password gets 535 and the run fails", async ({ page, smtp, workbench }) => {
    const server = await smtp(authPlainServer("alice", "s3cret-pa55"));
    await workbench.open({ target: TARGET, port: server.port, profile: "auth", user: "alice" });
    await workbench.field("Password").fill("wrong");
    await workbench.run();

    await expect(workbench.replies(535)).toContainText("authentication failed");
    await expect(page.locator('[data-testid="check"][data-check="auth"]')).toHaveAttribute("data-status", "fail");
    await expect(workbench.outcome).toHaveAttribute("data-outcome", "fail");
  });

  test("relay: a server that accepts RCPT TO for an outside domain is reported as an open relay", async ({ page, smtp, workbench }) => {
    const server = await smtp();
    await workbench.runToEnd({ target: TARGET, port: server.port, profile: "relay" });

    await expect(workbench.sentLine("MAIL FROM:<helodesk-relay-test@example.com>")).toHaveCount(1);
    await expect(workbench.sentLine("RCPT TO:<helodesk-relay-test@example.net>")).toHaveCount(1);
    await expect(workbench.sent("RSET")).toHaveCount(1);
    await expect(workbench.sent("DATA")).toHaveCount(0);
    await expect(page.locator('[data-testid="check"][data-check="open-relay"]')).toHaveAttribute("data-status", "fail");
    await expect(workbench.outcome).toHaveAttribute("data-outcome", "fail");
    await expect(workbench.outcome).toContainText("FAIL");
    expect(server.messages).toEqual([]);
  });

  test("relay: a server that refuses with 550 5.7.1 passes, and the refusal is explained", async ({ page, smtp, workbench }) => {
    const server = await smtp({ replies: { RCPT: "550 5.7.1 Relaying denied" } });
    await workbench.runToEnd({ target: TARGET, port: server.port, profile: "relay" });

    const refusal = workbench.replies(550);
    await expect(refusal).toHaveAttribute("data-enhanced-code", "5.7.1");
    await expect(refusal).toContainText("Relaying denied");
    await expect(refusal).toContainText("Relaying refused");
    await refusal.getByRole("button", { name: "Explain reply 550" }).click();
    await expect(refusal.getByRole("button", { name: "Explain reply 550" })).toHaveAttribute("aria-expanded", "true");
    await expect(refusal.getByRole("definition").first()).toBeVisible();
    await expect(page.locator('[data-testid="check"][data-check="open-relay"]')).toHaveAttribute("data-status", "pass");
    await expect(workbench.outcome).toHaveAttribute("data-outcome", "pass");
  });

  test("send: the message goes out with DATA and the queue id the server gave is shown", async ({ page, smtp, workbench }) => {
    const server = await smtp();
    await workbench.runToEnd({ target: TARGET, port: server.port, profile: "send", from: "alice@example.org", to: "bob@example.net", subject: "Hello from e2e" });

    await expect(workbench.sentLine(/MAIL FROM:<alice@example\.org>/)).toHaveCount(1);
    await expect(workbench.sentLine("RCPT TO:<bob@example.net>")).toHaveCount(1);
    await expect(workbench.replies(354)).toBeVisible();
    await expect(workbench.sentLine("Subject: Hello from e2e")).toHaveCount(1);
    await expect(workbench.replies(250).filter({ hasText: `queued as ${QUEUE_ID}` })).toBeVisible();
    await expect(workbench.lineOfKind("message")).toContainText(`queue id ${QUEUE_ID}`);
    await expect(page.locator('[data-testid="check"][data-check="message-accepted"]')).toHaveAttribute("data-status", "pass");
    await expect(workbench.outcome).toHaveAttribute("data-outcome", "pass");
    expect(server.messages).toHaveLength(1);
    expect(server.messages[0]).toContain("Subject: Hello from e2e");
  });
});

test.describe("streaming", () => {
  test("the greeting and EHLO are on screen while the server still holds its reply, and the rest follows when it answers", async ({ smtp, workbench }) => {
    const ehlo = createLatch();
    const server = await smtp({ replies: { EHLO: heldReply("EHLO", ehlo) } });
    await workbench.open({ target: TARGET, port: server.port, profile: "ehlo" });
    await workbench.run();

    // The server has EHLO and has not answered it: the page already shows everything up to here.
    await expectServerReceived(server, /^EHLO /);
    await expect(workbench.replies(220)).toContainText("fixture.helodesk.test ESMTP ready");
    await expect(workbench.sentLine("EHLO tester.helodesk.test")).toBeVisible();
    await expect(workbench.waitIndicator).toContainText("Waiting for the reply to EHLO");
    await expect(workbench.cancelButton).toBeVisible();
    await expect(workbench.outcome).toBeHidden();
    await expect(workbench.replies(250)).toHaveCount(0);
    expect(ehlo.isReleased).toBe(false);
    expect(server.allLines).toEqual(["EHLO tester.helodesk.test"]);

    ehlo.release();
    await expect(workbench.replies(250)).toContainText("PIPELINING");
    await expect(workbench.sent("QUIT")).toBeVisible();
    await expect(workbench.outcome).toHaveAttribute("data-outcome", "pass");
    await expect(workbench.waitIndicator).toBeHidden();
    await expect(workbench.cancelButton).toBeHidden();
  });
});
