import type { Page } from "@playwright/test";
import { expect, type FormLink, test, type Workbench } from "./fixtures";

const TARGET = "127.0.0.1";

interface BadInput {
  /** What the user did wrong, as the test title says it. */
  title: string;
  /** The form as a link fills it; `port` defaults to the fixture server's. */
  link: FormLink;
  /** Anything typed by hand after the page opened. */
  type?(workbench: Workbench, page: Page): Promise<void>;
  /** The label of the control the message belongs to. */
  field: string;
  message: RegExp;
  /** Refused by the server's answer to the start, not by the form's own checks. */
  byServer?: true;
}

/** Types an MX host under Advanced, then folds Advanced away again, as a user tidying the form would. */
async function mxFoldedAway(workbench: Workbench, page: Page): Promise<void> {
  const advanced = page.getByText("Advanced: MX host, HELO name");
  await advanced.click();
  await workbench.field("MX host (optional)").fill("mx.example.net");
  await advanced.click();
  await expect(workbench.field("MX host (optional)")).toBeHidden();
}

async function customPort(workbench: Workbench, value: string): Promise<void> {
  await workbench.field("Port").selectOption({ label: "Other…" });
  await workbench.field("Custom port").fill(value);
}

const CASES: BadInput[] = [
  { title: "an empty target", link: {}, field: "Target", message: /Enter a target: a mail domain \(example\.com\)/ },
  { title: "a target with spaces", link: { target: "mail example.com" }, field: "Target", message: /The target must not contain spaces or line breaks\./ },
  { title: "port 0", link: { target: TARGET }, type: (w) => customPort(w, "0"), field: "Custom port", message: /The port must be between 1 and 65535\./ },
  { title: "port 70000", link: { target: TARGET }, type: (w) => customPort(w, "70000"), field: "Custom port", message: /The port must be between 1 and 65535\./ },
  // A number field takes no letters from the keyboard, but a link can still carry them.
  { title: "a link with port abc", link: { target: TARGET, port: "abc" }, field: "Custom port", message: /The port must be a number\./ },
  {
    title: "a MAIL FROM that is not an address (send)",
    link: { target: TARGET, profile: "send", from: "alice at example.org", to: "bob@example.net" },
    field: "MAIL FROM",
    message: /Not a valid email address: write it as name@example\.com/,
  },
  {
    title: "a RCPT TO that is not an address (send)",
    link: { target: TARGET, profile: "send", from: "alice@example.org", to: "bob@" },
    field: "RCPT TO",
    message: /“bob@”: not a valid email address/,
  },
  {
    title: "no RCPT TO (send)",
    link: { target: TARGET, profile: "send", from: "alice@example.org" },
    field: "RCPT TO",
    message: /The send profile needs a recipient \(RCPT TO\)\./,
  },
  // Refused by the server's target policy (e2e/app-server.ts: loopback networks; ports 25, 465, 587,
  // 2525, 1024-65535), before any lookup: the start's answer puts it on the field.
  {
    title: "a port the server's policy refuses",
    link: { target: TARGET, port: "24" },
    field: "Custom port",
    byServer: true,
    message: /Port 24 is not one HeloDesk may connect to \(the port rule; allowed: 25, 465, 587, 2525, 1024-65535\); add it to HELODESK_ALLOWED_PORTS to allow it\./,
  },
  {
    title: "an IP target the server's policy refuses, in legacy notation",
    link: { target: "0xa.1.2.3" },
    field: "Target",
    byServer: true,
    message: /10\.1\.2\.3 is a private \(RFC 1918\) address \(the private rule\); HeloDesk connects only to public addresses unless HELODESK_ALLOWED_NETWORKS lists it/,
  },
  // The MX field sits under Advanced, folded away unless a link sets it: a refusal there must show.
  {
    title: "an MX host with an address as the target",
    link: { target: TARGET, mx: "mx.example.net" },
    field: "MX host (optional)",
    message: /An MX host is chosen among a domain's MX hosts, and the target is an address/,
  },
  {
    title: "an MX host typed under Advanced, folded away, with an address as the target",
    link: { target: TARGET },
    type: mxFoldedAway,
    field: "MX host (optional)",
    message: /An MX host is chosen among a domain's MX hosts, and the target is an address/,
  },
  {
    title: "AUTH without a password",
    link: { target: TARGET, profile: "auth", user: "alice" },
    field: "Password",
    message: /AUTH needs a password \(or a bearer token for XOAUTH2\)\./,
  },
];

test.describe("bad input is caught next to its field and starts nothing", () => {
  for (const bad of CASES) {
    test(`${bad.title}: the form says what to fix beside the field`, async ({ page, smtp, workbench }) => {
      const server = await smtp();
      await workbench.open({ port: server.port, ...bad.link });
      await bad.type?.(workbench, page);
      await workbench.run();

      const control = workbench.field(bad.field);
      await expect(control).toBeVisible();
      await expect(control).toHaveAttribute("aria-invalid", "true");
      await expect(control).toHaveAccessibleDescription(bad.message);
      await expect(control).toBeFocused();
      await expect(workbench.form.getByTestId("field-error")).toHaveCount(1);
      await expect(workbench.form.getByTestId("field-error")).toContainText(bad.message);
      await expect(workbench.form).toContainText("One field needs attention before the test can run.");

      // Nothing started: no session, no line, no connection to the fixture.
      await expect(workbench.transcript).toContainText(bad.byServer ? "The test did not start." : "No test has run yet.");
      await expect(workbench.lines).toHaveCount(0);
      await expect(workbench.cancelButton).toBeHidden();
      await expect(workbench.runButton).toBeEnabled();
      await expect(workbench.outcome).toBeHidden();
      expect(server.connections).toHaveLength(0);
    });
  }

  test("fixing the field clears its message, and Run then reaches the server", async ({ smtp, workbench }) => {
    const server = await smtp();
    await workbench.open({ port: server.port });
    await workbench.run();
    const target = workbench.field("Target");
    await expect(target).toHaveAttribute("aria-invalid", "true");

    await target.fill(TARGET);
    await expect(target).not.toHaveAttribute("aria-invalid", "true");
    await expect(workbench.form.getByTestId("field-error")).toHaveCount(0);

    await workbench.run();
    await expect(workbench.outcome).toHaveAttribute("data-outcome", "pass");
    expect(server.connections).toHaveLength(1);
  });

  test("a field the server's policy refused clears once edited, and Run then reaches the server", async ({ smtp, workbench }) => {
    const server = await smtp();
    await workbench.open({ target: TARGET, port: "24" });
    await workbench.run();
    const port = workbench.field("Custom port");
    await expect(port).toHaveAccessibleDescription(/Port 24 is not one HeloDesk may connect to/);
    await expect(workbench.form).toContainText("One field needs attention before the test can run.");

    await port.fill(String(server.port));
    await expect(port).not.toHaveAttribute("aria-invalid", "true");
    await expect(workbench.form).not.toContainText("attention before the test can run");
    await workbench.run();
    await expect(workbench.outcome).toHaveAttribute("data-outcome", "pass");
    expect(server.connections).toHaveLength(1);
  });

  test("the summary under Run counts down as fields are fixed and goes once none is left", async ({ smtp, workbench }) => {
    const server = await smtp();
    await workbench.open({ port: server.port, profile: "send", from: "alice at example.org", to: "bob@" });
    await workbench.run();
    await expect(workbench.form.getByTestId("field-error")).toHaveCount(3);
    await expect(workbench.form).toContainText("3 fields need attention before the test can run.");

    await workbench.field("Target").fill(TARGET);
    await expect(workbench.form).toContainText("2 fields need attention before the test can run.");
    await workbench.field("MAIL FROM").fill("alice@example.org");
    await expect(workbench.form).toContainText("One field needs attention before the test can run.");
    await workbench.field("RCPT TO").fill("bob@example.net");
    await expect(workbench.form.getByTestId("field-error")).toHaveCount(0);
    await expect(workbench.form).not.toContainText("attention before the test can run");
    expect(server.connections).toHaveLength(0);
  });
});
