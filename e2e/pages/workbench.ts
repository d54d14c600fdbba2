import { expect, type Locator, type Page } from "@playwright/test";
import { detached } from "../support/detached";

/** The query string the home page reads as its form (`/?target=…&port=…&profile=…`). */
export interface FormLink {
  target?: string;
  port?: number | string;
  profile?: "banner" | "ehlo" | "starttls" | "auth" | "relay" | "send";
  tls?: "auto" | "starttls" | "implicit" | "none";
  from?: string;
  to?: string;
  user?: string;
  mech?: "auto" | "PLAIN" | "LOGIN" | "CRAM-MD5" | "XOAUTH2";
  dsn?: 1;
  chunking?: 1;
  subject?: string;
  /** Under Advanced. */
  mx?: string;
}

/** The test page as a user sees it: the form, the verdict, the live transcript and the panels. */
export class Workbench {
  readonly form: Locator;
  readonly runButton: Locator;
  readonly cancelButton: Locator;
  /** "Ready" (no socket yet), "Server online", "Reconnecting…": the socket to HeloDesk as the page shows it. */
  readonly serverStatus: Locator;
  readonly outcome: Locator;
  readonly startError: Locator;
  readonly transcript: Locator;
  readonly lines: Locator;
  readonly waitIndicator: Locator;
  readonly panels: Locator;
  readonly reportOutcome: Locator;

  constructor(readonly page: Page) {
    this.form = page.getByRole("form", { name: "SMTP test" });
    this.runButton = this.form.getByRole("button", { name: "Run", exact: true });
    this.cancelButton = this.form.getByRole("button", { name: "Cancel" });
    this.serverStatus = page.getByTestId("session-status");
    this.outcome = page.getByTestId("outcome");
    this.startError = page.getByTestId("start-error");
    this.transcript = page.getByRole("log", { name: "SMTP transcript" });
    this.lines = this.transcript.getByTestId("transcript-line");
    this.waitIndicator = page.getByTestId("wait-indicator");
    this.panels = page.getByTestId("session-panels");
    this.reportOutcome = page.getByTestId("report-outcome");
  }

  /**
   * Opens the page with the form filled in from a link, then moves the pointer over it as a user
   * would: the page opens its socket on the first interaction, and this waits until it is online
   * (retrying the move until the page has hydrated and listens).
   */
  async open(link: FormLink = {}): Promise<void> {
    await this.goto(link);
    await this.comeOnline();
  }

  /**
   * open(), then waits until the real transcript has taken the place of the page's stand-in for it
   * (its chunk loads on the first interaction, beside the socket's): only from then on is a line in
   * the page as soon as the message that brings it is handled, which the first-line tests time.
   */
  async openReady(link: FormLink = {}): Promise<void> {
    await this.goto(link);
    const standIn = await this.transcript.elementHandle();
    await this.comeOnline();
    await detached(standIn!);
  }

  private async goto(link: FormLink): Promise<void> {
    const query = new URLSearchParams(Object.entries(link).map(([k, v]) => [k, String(v)]));
    await this.page.goto(query.size ? `/?${query}` : "/");
  }

  private async comeOnline(): Promise<void> {
    await expect(this.serverStatus).toHaveText("Ready");
    await expect(async () => {
      await this.page.mouse.move(10 + Math.random() * 50, 10 + Math.random() * 50);
      await expect(this.serverStatus).toHaveText("Server online", { timeout: 1000 });
    }).toPass({ timeout: 15_000 });
  }

  async run(): Promise<void> {
    await this.runButton.click();
  }

  /** Opens the link, runs it and waits for the verdict. */
  async runToEnd(link: FormLink): Promise<void> {
    await this.open(link);
    await this.run();
    await expect(this.outcome).toBeVisible({ timeout: 15_000 });
  }

  /** Lines the client sent with this command: "EHLO", "QUIT", "AUTH", "DATA-LINE"… */
  sent(command: string): Locator {
    return this.lines.and(this.page.locator(`[data-kind="send"][data-command="${command}"]`));
  }

  /** Lines the client sent that read `text` ("EHLO tester.helodesk.test", "RCPT TO:<…>"). */
  sentLine(text: string | RegExp): Locator {
    return this.lines.and(this.page.locator('[data-kind="send"]')).filter({ hasText: text });
  }

  /** The server's replies with this code. */
  replies(code: number): Locator {
    return this.lines.and(this.page.locator(`[data-kind="reply"][data-code="${code}"]`));
  }

  lineOfKind(kind: string): Locator {
    return this.lines.and(this.page.locator(`[data-kind="${kind}"]`));
  }

  /** The seq of every row shown, in order. */
  async seqs(): Promise<number[]> {
    return this.lines.evaluateAll((rows) => rows.map((r) => Number((r as HTMLElement).dataset.seq)));
  }

  /** The form control with this label, e.g. "Target", "Custom port", "RCPT TO". */
  field(label: string): Locator {
    return this.form.getByLabel(label, { exact: true });
  }
}
