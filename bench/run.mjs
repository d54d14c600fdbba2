// `npm run bench [-- --only engine,fanout --quick]`: bundles bench/*.ts, runs each section in its own
// process, then writes bench/results.json, docs/fanout.svg and prints a table (bench/report.ts).
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { buildCli } from "../scripts/cli-build.mjs";

const SECTIONS = ["engine", "swaks", "fanout", "store", "first-line", "page-weight"];
const root = new URL("..", import.meta.url).pathname;
const args = process.argv.slice(2);
const onlyAt = args.indexOf("--only");
const only = onlyAt >= 0 ? (args[onlyAt + 1] ?? "").split(",").filter(Boolean) : SECTIONS;
const unknown = only.filter((s) => !SECTIONS.includes(s));
if (unknown.length) {
  console.error(`bench: unknown section ${unknown.join(", ")}; choose from ${SECTIONS.join(", ")}`);
  process.exit(2);
}
const quick = args.includes("--quick");

// Output inside the project (bench/tmp, git-ignored) so bundled files find node_modules; one folder
// per run, so two runs at once (one section each) do not delete each other's files.
const out = join(root, "bench/tmp", `run-${process.pid}`);
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const external = [...Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }), "playwright-core"].flatMap((name) => [name, `${name}/*`]);
const entries = readdirSync(join(root, "bench")).filter((f) => f.endsWith(".ts")).map((f) => join(root, "bench", f));
const common = { bundle: true, platform: "node", format: "esm", target: "node20", external, logLevel: "warning", absWorkingDir: root };
// The CLI built exactly as scripts/build-node.mjs builds dist/cli.mjs, but here: other work may be rebuilding dist/.
await buildCli(root, out);
await build({ ...common, entryPoints: entries, outdir: out, outExtension: { ".js": ".mjs" } });

const hasFlock = spawnSync("sh", ["-c", "command -v flock"]).status === 0;
const files = [];
for (const name of only) {
  const file = join(out, `result-${name}.json`);
  console.error(`bench: ${name}${quick ? " (quick)" : ""}`);
  const argv = [join(out, `${name}.mjs`), "--out", file, ...(quick ? ["--quick"] : [])];
  // Sections that start the built app hold the build lock, so nobody rebuilds .next/dist under them.
  const usesBuild = name === "first-line" || name === "page-weight";
  const [cmd, cmdArgs] = usesBuild && hasFlock ? ["flock", ["/tmp/build.lock", process.execPath, ...argv]] : [process.execPath, argv];
  const run = spawnSync(cmd, cmdArgs, { stdio: ["ignore", "inherit", "inherit"], cwd: root });
  if (run.status !== 0) console.error(`bench: ${name} exited with ${run.status ?? run.signal}`);
  files.push(file);
}
const report = spawnSync(process.execPath, [join(out, "report.mjs"), ...files], { stdio: "inherit", cwd: root });
rmSync(out, { recursive: true, force: true });
process.exit(report.status ?? 1);
