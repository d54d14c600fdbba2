import { constants } from "node:os";
import { createInterface } from "node:readline";
import { formatChecks, formatEvent } from "@/lib/transcript-text";
import type { SessionRequest } from "@/lib/schemas/request";
import { ConfigError, type EngineConfig, SESSION_TIMEOUT_MAX_MS, loadEngineConfig, unknownSettingWarnings } from "@/server/config";
import { verbOf } from "@/server/engine/console";
import { engineDeps } from "@/server/engine/deps";
import { QUIT_GRACE_MS } from "@/server/engine/limits";
import { startSession } from "@/server/engine/session";
import { USAGE, UsageError, parseCli } from "./args";
import { colorsWanted, palette } from "./colors";
import { rehearse } from "./rehearsal";

/**
 * `helodesk check TARGET ...`: exit 0 when no check fails, 1 when one does, 2 on bad input; stopped by
 * Ctrl-C or SIGTERM, the transcript and checks so far, then 130 or 143 as a shell reports a signal;
 * 141 when the reader of its output went away.
 */
export async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  let options;
  let config;
  try {
    const parsed = parseCli(argv, env);
    if (parsed === "help") {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    options = parsed;
    config = withRoomFor(loadEngineConfig(env), options.request.timeouts);
    // A misspelt setting would leave the check in its defaults without a word, as on the server.
    for (const warning of unknownSettingWarnings(env)) process.stderr.write(`helodesk: warning: ${warning}\n`);
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConfigError) {
      process.stderr.write(`helodesk: ${err.message}\n${err instanceof UsageError ? 'Run "helodesk --help" for the options.\n' : ""}`);
      return 2;
    }
    throw err;
  }

  // Node's Socket#_destroy compares the socket with process.stderr, and the first read of that getter
  // opens the stream (about 1 ms on a cold start): opened here, not while the server's connection is.
  void process.stderr;
  const style = palette(!options.json && colorsWanted(process.stdout, env));
  const deps = engineDeps(config);
  await rehearse(options.request, config, deps.heloName, style);
  const session = startSession(options.request, deps);
  let stoppedBy: NodeJS.Signals | null = null;
  const stop = (signal: NodeJS.Signals) => {
    stoppedBy ??= signal;
    session.cancel();
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  // The reader went away (`| head -1`): nothing more can be shown, so the session ends with QUIT and
  // the exit status is a closed pipe's, as a shell reports it for other tools (141).
  const onOutputError = () => stop("SIGPIPE");
  process.stdout.on("error", onOutputError);

  const out = lineBuffer();
  if (!options.json) {
    session.subscribe((event) => {
      for (const line of formatEvent(event, style)) out.push(line);
    });
  }
  if (options.request.profile === "interactive") feedStdin(session);

  const doc = await session.done;
  process.off("SIGINT", stop);
  process.off("SIGTERM", stop);
  if (stoppedBy === "SIGPIPE") return 128 + constants.signals.SIGPIPE;
  out.flush();
  if (options.json) {
    process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  } else {
    process.stdout.write(`\n${style.bold(`Result: ${doc.outcome?.toUpperCase()}`)}\n`);
    for (const line of formatChecks(doc.checks, style)) process.stdout.write(`${line}\n`);
  }
  // As a shell reports a process a signal ended: 128 + its number (130 for SIGINT, 143 for SIGTERM).
  if (stoppedBy) return 128 + constants.signals[stoppedBy];
  return doc.checks.some((c) => c.status === "fail") ? 1 : 0;
}

/**
 * The engine holds a request's deadlines to the configured ones: on the web, whoever sends the request
 * is not the operator. On the command line they are the same person, so --timeout-ms N raises the
 * CLI's own maxima to N, as the user asked, and the whole session's by N (up to its 900 s ceiling),
 * so a wait as long as asked is not cut short by the session's own limit.
 */
function withRoomFor(config: EngineConfig, timeouts: SessionRequest["timeouts"]): EngineConfig {
  if (!timeouts) return config;
  const atLeast = (max: number, asked: number | undefined) => Math.max(max, asked ?? 0);
  const longest = Math.max(timeouts.greetingMs ?? 0, timeouts.commandMs ?? 0, timeouts.dataEndMs ?? 0);
  const session = config.HELODESK_SESSION_TIMEOUT_MS;
  return {
    ...config,
    HELODESK_GREETING_TIMEOUT_MS: atLeast(config.HELODESK_GREETING_TIMEOUT_MS, timeouts.greetingMs),
    HELODESK_COMMAND_TIMEOUT_MS: atLeast(config.HELODESK_COMMAND_TIMEOUT_MS, timeouts.commandMs),
    HELODESK_DATA_END_TIMEOUT_MS: atLeast(config.HELODESK_DATA_END_TIMEOUT_MS, timeouts.dataEndMs),
    HELODESK_SESSION_TIMEOUT_MS: Math.max(session, Math.min(SESSION_TIMEOUT_MAX_MS, session + longest)),
  };
}

/**
 * Transcript lines go out once per turn of the event loop: the 15 lines of a message body, sent in one
 * go, are one write to stdout instead of 15 (a write to a pipe is a blocking syscall in Node).
 */
function lineBuffer() {
  let lines: string[] = [];
  let scheduled: NodeJS.Immediate | null = null;
  const flush = () => {
    if (scheduled) clearImmediate(scheduled);
    scheduled = null;
    if (lines.length > 0) process.stdout.write(`${lines.join("\n")}\n`);
    lines = [];
  };
  return {
    push(line: string) {
      lines.push(line);
      scheduled ??= setImmediate(flush);
    },
    flush,
  };
}

/**
 * Interactive profile: each line typed (or piped) is sent, as in a telnet window. When stdin ends, the
 * commands have run out, not the user's patience: the session ends with QUIT, as a script would end it,
 * and is judged on what the server said. Only a message cut off before its final "." is cancelled:
 * a QUIT then would go out as a line of the message.
 */
function feedStdin(session: ReturnType<typeof startSession>) {
  const rl = createInterface({ input: process.stdin, terminal: false });
  const queue: string[] = [];
  let sending = false;
  let ended = false;
  let mode: "command" | "data" = "command";
  let quitSent = false;
  const pump = async () => {
    if (sending) return;
    sending = true;
    while (queue.length) {
      const line = queue.shift()!;
      const command = mode === "command";
      // The greeting may still be on its way: wait for it instead of refusing the first line.
      for (let attempt = 0; attempt < 600; attempt++) {
        const result = await session.input(line);
        if (result.ok) {
          mode = result.mode;
          if (command && verbOf(line) === "QUIT") quitSent = true;
        }
        if (result.ok || !/greeting/.test(result.error)) {
          if (!result.ok) process.stderr.write(`helodesk: ${result.error}\n`);
          break;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    sending = false;
  };
  rl.on("line", (line) => {
    queue.push(line);
    void pump();
  });
  rl.on("close", () => {
    void (async () => {
      while (sending || queue.length) await new Promise((r) => setTimeout(r, 20));
      if (ended) return;
      if (quitSent) {
        // QUIT ends the session; should it not (typed as an AUTH answer, say), nothing more will come.
        await Promise.race([session.done, new Promise((r) => setTimeout(r, QUIT_GRACE_MS).unref())]);
        if (!ended) session.cancel();
      } else if (mode === "data") {
        process.stderr.write('helodesk: standard input ended inside the message (no line with a single "."): the message was not sent; session cancelled\n');
        session.cancel();
      } else {
        process.stderr.write("helodesk: standard input ended: no more commands; sending QUIT\n");
        queue.push("QUIT");
        await pump();
      }
    })();
  });
  session.done
    .finally(() => {
      ended = true;
      rl.close();
    })
    .catch(() => undefined);
}
