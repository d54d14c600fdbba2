import { describe, expect, it } from "vitest";
import { tickAnchor } from "@/components/panels/waterfall-scale";

/** Where a label of `label` px hangs from a mark at pct % of a `width` px chart: its left and right ends. */
function extent(pct: number, width: number, label: number): [number, number] {
  const x = (pct / 100) * width;
  const anchor = tickAnchor(pct);
  return anchor === "start" ? [x, x + label] : anchor === "end" ? [x - label, x] : [x - label / 2, x + label / 2];
}

describe("the timing waterfall's tick labels", () => {
  it("stay inside the narrowest chart (a phone's ~300 px) wherever the mark falls, \"100 ms\" and all", () => {
    // At 390 px a share page's chart is about 300 px wide; "100 ms" at 11 px is about 36 px. A mark at
    // 90 % used to centre its label and cut its last letter.
    for (let pct = 0; pct <= 100; pct += 0.5) {
      const [left, right] = extent(pct, 300, 36);
      expect(left, `mark at ${pct} %`).toBeGreaterThanOrEqual(0);
      expect(right, `mark at ${pct} %`).toBeLessThanOrEqual(300);
    }
  });
});
