/** One fan-out level as the chart needs it. */
export interface ChartLevel {
  k: number;
  latencyMs: { p50: number; p99: number };
  server: { rssPeakMB: number; cpuPercent: number };
}

interface Series {
  label: string;
  color: string;
  points: Array<[number, number]>;
  /** Drawn dashed: a floor HeloDesk is compared with, not HeloDesk. */
  dashed?: boolean;
}

const W = 360;
const H = 240;
const M = { left: 52, right: 16, top: 28, bottom: 40 };

/** A small line chart drawn by hand: no chart library, no browser, the same SVG on every run. */
function panel(x0: number, title: string, yLabel: string, series: Series[], limit?: { value: number; label: string }): string {
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = series.flatMap((s) => s.points.map((p) => p[1])).concat(limit ? [limit.value] : []);
  const xMax = Math.max(...xs, 1);
  const yMax = niceCeil(Math.max(...ys, 1) * 1.1);
  const px = (x: number) => x0 + M.left + (x / xMax) * (W - M.left - M.right);
  const py = (y: number) => M.top + (1 - y / yMax) * (H - M.top - M.bottom);
  const out: string[] = [];
  out.push(`<text x="${x0 + W / 2}" y="16" text-anchor="middle" font-weight="bold">${title}</text>`);
  for (let i = 0; i <= 4; i++) {
    const y = (yMax / 4) * i;
    out.push(`<line x1="${px(0)}" x2="${px(xMax)}" y1="${py(y)}" y2="${py(y)}" stroke="#ddd"/>`);
    out.push(`<text x="${px(0) - 6}" y="${py(y) + 4}" text-anchor="end">${fmt(y)}</text>`);
  }
  for (const x of [...new Set(xs)]) out.push(`<text x="${px(x)}" y="${H - M.bottom + 16}" text-anchor="middle">${x}</text>`);
  out.push(`<text x="${x0 + M.left + (W - M.left - M.right) / 2}" y="${H - 6}" text-anchor="middle">concurrent sessions (K)</text>`);
  out.push(`<text transform="translate(${x0 + 14} ${M.top + (H - M.top - M.bottom) / 2}) rotate(-90)" text-anchor="middle">${yLabel}</text>`);
  if (limit) {
    out.push(`<line x1="${px(0)}" x2="${px(xMax)}" y1="${py(limit.value)}" y2="${py(limit.value)}" stroke="#c00" stroke-dasharray="4 3"/>`);
    out.push(`<text x="${px(xMax)}" y="${py(limit.value) - 4}" text-anchor="end" fill="#c00">${limit.label}</text>`);
  }
  series.forEach((s, i) => {
    out.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 3"' : ""} points="${s.points.map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(" ")}"/>`);
    for (const [x, y] of s.points) out.push(`<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="3" fill="${s.color}"/>`);
    out.push(`<text x="${px(0) + 8}" y="${M.top + 14 + i * 14}" fill="${s.color}">${s.label}</text>`);
  });
  return out.join("\n");
}

/** HeloDesk's levels, and the floors' (bench/lib/relays.ts) by name, drawn dashed beside them. */
export function fanoutChart(levels: ChartLevel[], floors: Record<string, ChartLevel[]> = {}): string {
  const at = <T>(ls: ChartLevel[], f: (l: ChartLevel) => T) => ls.map((l) => [l.k, f(l)] as [number, T]);
  const floorColors = ["#6e7781", "#bf8700"];
  const floorSeries = (f: (l: ChartLevel) => number, what: string) =>
    Object.entries(floors).map(([name, ls], i) => ({ label: `${what}, ${name}`, color: floorColors[i % floorColors.length]!, points: at(ls, f), dashed: true }));
  const left = panel(0, "Event latency", "ms", [
    { label: "p50", color: "#1f6feb", points: at(levels, (l) => l.latencyMs.p50) },
    { label: "p99", color: "#d2691e", points: at(levels, (l) => l.latencyMs.p99) },
    ...floorSeries((l) => l.latencyMs.p99, "p99"),
  ], { value: 50, label: "p99 target 50 ms" });
  const right = panel(W, "Server cost", "MB / % of one core", [
    { label: "RSS peak (MB)", color: "#2da44e", points: at(levels, (l) => l.server.rssPeakMB) },
    { label: "CPU (% of one core)", color: "#8250df", points: at(levels, (l) => l.server.cpuPercent) },
    ...floorSeries((l) => l.server.cpuPercent, "CPU"),
  ], { value: 500, label: "RSS target 500 MB" });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * W}" height="${H}" viewBox="0 0 ${2 * W} ${H}" font-family="sans-serif" font-size="11">\n<rect width="100%" height="100%" fill="#fff"/>\n${left}\n${right}\n</svg>\n`;
}

function niceCeil(x: number): number {
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= x) return m * p;
  return 10 * p;
}

function fmt(y: number): string {
  return Number.isInteger(y) ? String(y) : y.toFixed(1);
}
