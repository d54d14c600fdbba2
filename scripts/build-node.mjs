// Bundles the Node entry points once (the CLI and the web server), so running them compiles nothing:
// node's start-up is the only cost.
import { readFileSync } from "node:fs";
import { build } from "esbuild";

// Dependencies stay in node_modules; only our own code (including "@/..." imports) is bundled.
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
  build({ ...common, entryPoints: ["server/cli/index.ts"], outfile: "dist/cli.mjs", banner: { js: "#!/usr/bin/env node" } }),
  build({ ...common, entryPoints: ["server/web/main.ts"], outfile: "dist/server.mjs" }),
]);
