// How dist/cli.mjs is bundled, shared by scripts/build-node.mjs and the bench (which builds its own copy).
import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Pure-JS dependencies the CLI needs at every start, bundled into dist/cli.mjs: Node's ESM loader
 * resolves and reads each of their files on its own (zod alone is some 80), which was most of the
 * CLI's start-up. The rest stays in node_modules; nodemailer is loaded on demand by the send profile.
 */
export const CLI_BUNDLED = ["zod", "ipaddr.js"];

export function cliBuildOptions(root, outfile) {
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
    banner: { js: "#!/usr/bin/env node" },
    logLevel: "warning",
  };
}
