import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type ChartLevel, fanoutChart } from "./lib/chart";
import { machineInfo } from "./lib/machine";
import type { Row } from "./lib/rows";
import type { SectionOutcome } from "./lib/section";

type Stored = SectionOutcome & { name: string; calibrationMs?: number };
const root = process.cwd();
const resultsFile = join(root, "bench/results.json");

/** Merges this run's sections into bench/results.json (a partial run keeps the others), prints the table. */
function main() {
  const previous: { sections?: Record<string, unknown> } = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, "utf8")) : {};
  const sections: Record<string, unknown> = { ...previous.sections };
  const fresh: Stored[] = [];
  for (const file of process.argv.slice(2)) {
    const stored: Stored = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : { name: file, status: "failed", error: "the section wrote no result" };
    fresh.push(stored);
    sections[stored.name] = { ...stored, machine: machineInfo() };
  }
  writeFileSync(resultsFile, `${JSON.stringify({ machine: machineInfo(), sections }, null, 2)}\n`);

  const rows: Array<Row & { section: string }> = [];
  for (const s of fresh) {
    if (s.status === "ok") for (const row of (s.result as { rows: Row[] }).rows) rows.push({ section: s.name, ...row });
    else rows.push({ section: s.name, metric: s.status, value: s.status === "skipped" ? s.reason : s.error.split("\n")[0]! });
  }
  const calibrations = fresh.flatMap((s) => (s.calibrationMs === undefined ? [] : [`${s.name} ${s.calibrationMs} ms`]));
  if (calibrations.length) console.log(`CPU calibration at each section's start (fixed single-thread work, higher is slower; compare on one Node version): ${calibrations.join(", ")}\n`);
  printTable(rows);

  const fanout = sections.fanout as Stored | undefined;
  if (fanout?.status === "ok") {
    writeFileSync(join(root, "docs/fanout.svg"), fanoutChart(...chartInput(fanout.result)));
  }
  console.log(`\nwrote bench/results.json${fanout?.status === "ok" ? " and docs/fanout.svg" : ""}`);
}

/** The chart's input from a stored fan-out result; results written before the floors existed have none. */
function chartInput(result: unknown): Parameters<typeof fanoutChart> {
  const r = result as { levels: ChartLevel[]; floors?: Record<string, ChartLevel[]> };
  return [r.levels, r.floors ?? {}];
}

function printTable(rows: Array<Row & { section: string }>) {
  const cells = rows.map((r) => [r.section, r.metric, r.value, r.target ?? "", r.met === undefined ? "" : r.met ? "yes" : "NO"]);
  const head = ["section", "metric", "value", "target", "met"];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((x, i) => x.padEnd(widths[i]!)).join("  ").trimEnd();
  console.log(line(head));
  console.log(line(widths.map((w) => "-".repeat(w))));
  for (const c of cells) console.log(line(c));
}

main();
