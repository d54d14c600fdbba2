// How the CLI (dist/cli.mjs and dist/cli-main.mjs) is built, shared by scripts/build-node.mjs and the bench (which builds its own copy).
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { build } from "esbuild";

/**
 * Pure-JS dependencies the CLI needs at every start, bundled into dist/cli-main.mjs: Node's ESM loader
 * resolves and reads each of their files on its own (zod alone is some 80), which was most of the
 * CLI's start-up. The rest stays in node_modules; nodemailer is loaded on demand by the send profile.
 */
const CLI_BUNDLED = ["zod", "ipaddr.js"];

function cliBuildOptions(root, outfile) {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const external = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })
    .filter((name) => !CLI_BUNDLED.includes(name))
    .flatMap((name) => [name, `${name}/*`]);
  return {
    absWorkingDir: root,
    entryPoints: ["server/cli/index.ts"],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    external,
    logLevel: "warning",
  };
}

/**
 * dist/cli.mjs itself: turns on Node's module compile cache, then loads the bundle. From Node 22.1,
 * V8's compiled code of the bundle (and of nodemailer, loaded by the send profile) is kept on disk
 * and the next start skips compiling it: measured on Node 22.23, `helodesk --help` 68-71 -> 56-57 ms,
 * a send run 118-125 -> 103-108 ms (docs/performance.md; the session window does not move: the
 * rehearsal has run the code before the connection opens either way). It must be enabled before
 * the bundle is imported, hence two files. Node keeps the cache in os.tmpdir()/node-compile-cache;
 * NODE_COMPILE_CACHE=dir moves it and NODE_DISABLE_COMPILE_CACHE=1 turns it off. On Node 20, which has
 * no compile cache, the call is skipped.
 */
const CLI_LAUNCHER = `#!/usr/bin/env node
// Written by scripts/cli-build.mjs: the CLI is cli-main.mjs; this file turns on Node's compile cache first.
import module from "node:module";
module.enableCompileCache?.();
await import("./cli-main.mjs");
`;

/** Bundles the CLI into outDir/cli-main.mjs and writes its launcher, outDir/cli.mjs. */
export async function buildCli(root, outDir, extra = {}) {
  const dir = resolve(root, outDir);
  await build({ ...cliBuildOptions(root, join(dir, "cli-main.mjs")), ...extra });
  writeFileSync(join(dir, "cli.mjs"), CLI_LAUNCHER);
  chmodSync(join(dir, "cli.mjs"), 0o755);
}
