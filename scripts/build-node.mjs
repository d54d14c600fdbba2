// Bundles the Node entry points once (the CLI and the web server), so running them compiles nothing:
// node's start-up is the only cost.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { buildCli } from "./cli-build.mjs";

// Dependencies stay in node_modules; only our own code (including "@/..." imports) is bundled.
// The CLI also bundles the few it needs at every start: scripts/cli-build.mjs.
const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
const external = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).flatMap((name) => [name, `${name}/*`]);
const common = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  external,
  sourcemap: "linked",
  logLevel: "warning",
};

await Promise.all([
  buildCli(fileURLToPath(new URL("..", import.meta.url)), "dist", { sourcemap: "linked" }),
  build({ ...common, entryPoints: ["server/web/main.ts"], outfile: "dist/server.mjs" }),
]);
