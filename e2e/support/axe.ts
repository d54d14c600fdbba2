import AxeBuilder from "@axe-core/playwright";
import type { Page, TestInfo } from "@playwright/test";

/** The impacts that fail a page: serious and critical. Minor and moderate ones are reported, not failed. */
const FAILING = new Set(["serious", "critical"]);

/**
 * Runs axe-core on the page as it is now and returns the serious and critical violations, one line
 * each (rule, impact, what to fix, where), so a failing assertion reads as a to-do list. The full
 * result is attached to the test.
 */
export async function seriousViolations(page: Page, testInfo: TestInfo, label: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  await testInfo.attach(`axe-${label}.json`, { body: JSON.stringify(results.violations, null, 2), contentType: "application/json" });
  return results.violations
    .filter((v) => FAILING.has(v.impact ?? ""))
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${v.help} — ${n.target.join(" ")}${n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, " ")}` : ""}`));
}
