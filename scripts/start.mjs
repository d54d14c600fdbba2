// `npm start`: builds what is missing (the Next.js production build, the bundled server), then runs
// the one process that serves pages and socket.io. package.json gives node its flags: a 64 MB young
// generation (--max-semi-space-size), so the objects of events on their way to the store and the
// browsers die young instead of being promoted (fan-out at 2,000 sessions: RSS −50 to −100 MB, p50
// latency a third; docs/performance.md). The e2e tests and the bench start the server with the same.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (!existsSync(".next/BUILD_ID")) {
  console.log("helodesk: no production build yet; building it once (about a minute)...");
  run(process.execPath, ["node_modules/next/dist/bin/next", "build"]);
}
if (!existsSync("dist/server.mjs")) run(process.execPath, ["scripts/build-node.mjs"]);
process.env.NODE_ENV = "production";
await import(new URL("../dist/server.mjs", import.meta.url).href);
