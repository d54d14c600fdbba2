import type { Browser, Locator, Page } from "@playwright/test";

/** A share link's page (`/t/<id>`) as a reader sees it: read-only transcript, verdict, exports. */
export class SharePage {
  readonly transcript: Locator;
  readonly lines: Locator;
  readonly outcome: Locator;
  readonly running: Locator;
  readonly gone: Locator;
  readonly notFound: Locator;
  readonly deleteToken: Locator;
  readonly deleteButton: Locator;

  constructor(readonly page: Page) {
    this.transcript = page.getByRole("log", { name: "SMTP transcript" });
    this.lines = this.transcript.getByTestId("transcript-line");
    this.outcome = page.getByTestId("outcome");
    this.running = page.getByTestId("share-state");
    this.gone = page.getByTestId("session-gone");
    this.notFound = page.getByTestId("session-not-found");
    this.deleteToken = page.getByLabel("Delete token");
    this.deleteButton = page.getByRole("button", { name: "Delete session" });
  }

  open(url: string) {
    return this.page.goto(url);
  }

  /** Lines the client sent that read `text`. */
  sentLine(text: string | RegExp): Locator {
    return this.lines.and(this.page.locator('[data-kind="send"]')).filter({ hasText: text });
  }

  replies(code: number): Locator {
    return this.lines.and(this.page.locator(`[data-kind="reply"][data-code="${code}"]`));
  }

  exportLink(format: "Text" | "Markdown" | "JSON"): Locator {
    return this.page.getByRole("navigation", { name: "Export" }).getByRole("link", { name: new RegExp(`^${format}`) });
  }
}

/** A share page in a fresh browser context: no cookies, no localStorage, as a colleague opening the link. */
export async function freshReader(browser: Browser, options: { javaScriptEnabled?: boolean } = {}): Promise<SharePage> {
  const context = await browser.newContext(options);
  return new SharePage(await context.newPage());
}
