import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BENCH_FROM, BENCH_HELO, BENCH_TO } from "./lib/engine-deps";
import { startFixtureProcess } from "./lib/fixture-process";
import { Skip, log, section } from "./lib/section";
import { median, round, summarize } from "./lib/stats";

function which(cmd: string): string | null {
  try {
    return execFileSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" }).trim() || null;
  } catch {
    return null;
  }
}

/** Runs a command to its end; wall milliseconds from spawn to exit. */
function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const started = performance.now();
  const run = spawnSync(cmd, args, { env, stdio: ["ignore", "pipe", "pipe"], timeout: 20_000 });
  const ms = performance.now() - started;
  if (run.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${run.status ?? run.signal}: ${run.stderr.toString().slice(0, 500)}`);
  return ms;
}

/**
 * 2. HeloDesk's CLI against swaks, the same exchange against the same sink: whole-process wall time
 * (node's start-up included, with `node -e 0` as its floor) and session time, connect to close, as
 * the sink saw it, which times both tools the same way.
 */
section("swaks", 240_000, async ({ quick, dir }) => {
  const swaks = which("swaks");
  if (!swaks) throw new Skip("swaks is not installed (Debian: apt-get install swaks)");
  const runs = quick ? 10 : 40;
  const limitMs = quick ? 30_000 : 120_000;
  const fixture = await startFixtureProcess(dir);
  try {
    const cli = join(dir, "cli.mjs");
    // Node >= 22.1 keeps the CLI's compiled code in os.tmpdir()/node-compile-cache (scripts/cli-build.mjs):
    // here in this run's folder, removed with it. The runs before the measured ones fill it, as a
    // user's first run does.
    const cliTmp = join(dir, "cli-tmp");
    mkdirSync(cliTmp, { recursive: true });
    const env = {
      ...process.env,
      HELODESK_ALLOWED_NETWORKS: "127.0.0.0/8",
      HELODESK_ALLOWED_PORTS: "1024-65535",
      HELODESK_DNS_SERVERS: fixture.dns,
      HELODESK_HELO_NAME: BENCH_HELO,
      NO_COLOR: "1",
      TMPDIR: cliTmp,
    };
    const helodesk = () => timed(process.execPath, [cli, "check", "127.0.0.1", "--port", String(fixture.smtpPort), "--profile", "send", "--from", BENCH_FROM, "--to", BENCH_TO], env);
    helodesk();
    const { firstMessage } = await fixture.timings();
    if (!firstMessage) throw new Error("the sink saw no message from the CLI");
    // swaks sends the very message HeloDesk sent (it dot-stuffs itself, so undo ours), and both print
    // their transcript as they go, to the same kind of pipe.
    const messageFile = join(dir, "swaks-message.eml");
    writeFileSync(messageFile, `${firstMessage.map((l) => (l.startsWith("..") ? l.slice(1) : l)).join("\r\n")}\r\n`);
    const swaksRun = () => timed(swaks, ["--server", `127.0.0.1:${fixture.smtpPort}`, "--helo", BENCH_HELO, "--from", BENCH_FROM, "--to", BENCH_TO, "--data", `@${messageFile}`]);
    const nodeFloor = () => timed(process.execPath, ["-e", "0"]);
    const cliHelp = () => timed(process.execPath, [cli, "--help"], { ...process.env, TMPDIR: cliTmp });

    const wall = { helodesk: [] as number[], swaks: [] as number[], node: [] as number[], cliHelp: [] as number[] };
    const session = { helodesk: [] as number[], swaks: [] as number[] };
    const sessionOf = async () => {
      // The client has exited, but the sink's process may not have handled its close yet: ask again, bounded.
      const timings = [];
      for (let attempt = 0; attempt < 100 && timings.length === 0; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 10));
        timings.push(...(await fixture.timings()).timings);
      }
      if (timings.length !== 1) throw new Error(`expected one connection at the sink, saw ${timings.length}`);
      return timings[0]!.close - timings[0]!.accept;
    };
    for (let i = 0; i < 3; i++) {
      helodesk();
      swaksRun();
    }
    await fixture.timings();
    const deadline = performance.now() + limitMs;
    for (let i = 0; i < runs && performance.now() < deadline; i++) {
      // Alternating order, so neither tool always follows the other.
      const pair: Array<"helodesk" | "swaks"> = i % 2 === 0 ? ["helodesk", "swaks"] : ["swaks", "helodesk"];
      for (const tool of pair) {
        wall[tool].push(tool === "helodesk" ? helodesk() : swaksRun());
        session[tool].push(await sessionOf());
      }
      wall.node.push(nodeFloor());
      wall.cliHelp.push(cliHelp());
    }
    log(`swaks: ${wall.swaks.length} runs each`);
    const ratio = median(session.helodesk) / median(session.swaks);
    const ms = (x: number[]) => `${median(x).toFixed(1)} ms`;
    return {
      rows: [
        { metric: "wall: helodesk CLI (node dist/cli.mjs)", value: ms(wall.helodesk) },
        { metric: "wall: swaks", value: ms(wall.swaks) },
        { metric: "wall: node -e 0 (start-up floor)", value: ms(wall.node) },
        { metric: "wall: helodesk --help (CLI start-up)", value: ms(wall.cliHelp) },
        { metric: "session (sink accept->close): helodesk", value: `${median(session.helodesk).toFixed(3)} ms` },
        { metric: "session (sink accept->close): swaks", value: `${median(session.swaks).toFixed(3)} ms` },
        { metric: "session helodesk / swaks", value: ratio.toFixed(3), target: "<= 1.00", met: ratio <= 1 },
      ],
      runsEach: wall.swaks.length,
      swaksVersion: execFileSync(swaks, ["--version"], { encoding: "utf8" }).trim().split("\n")[0],
      wallMs: { helodesk: summarize(wall.helodesk), swaks: summarize(wall.swaks), nodeFloor: summarize(wall.node), cliHelp: summarize(wall.cliHelp) },
      sessionMs: { helodesk: summarize(session.helodesk), swaks: summarize(session.swaks) },
      sessionRatio: round(ratio),
      target: 1,
      met: ratio <= 1,
    };
  } finally {
    await fixture.stop();
  }
});
