import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer, type AddressInfo } from "node:net";

/** Keeps the last `limit` characters a child wrote, for error messages. */
export class OutputTail {
  private text = "";

  constructor(private readonly limit = 16_384) {}

  append(chunk: string | Buffer): void {
    this.text = (this.text + chunk.toString()).slice(-this.limit);
  }

  toString(): string {
    return this.text;
  }
}

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** SIGTERM, then SIGKILL if the child has not exited within `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  // No pid: the spawn itself failed and there is nothing to stop.
  if (child.pid === undefined || hasExited(child)) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Kills the child if the test process exits without stopping it (a crashed
 * worker, a forgotten afterAll). Returns the function that cancels this.
 */
export function killOnExit(child: ChildProcess): () => void {
  const kill = () => {
    if (!hasExited(child)) child.kill("SIGKILL");
  };
  process.once("exit", kill);
  return () => process.off("exit", kill);
}

export interface WaitOptions {
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  /** Checked before each try: an error here ends the wait at once (e.g. the child exited). */
  readonly abortIf?: () => Error | null;
}

/** Polls `probe` until it returns non-null; rejects after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null>,
  { timeoutMs, intervalMs = 100, abortIf = () => null }: WaitOptions,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  while (Date.now() < deadline) {
    const abort = abortIf();
    if (abort) throw abort;
    try {
      const value = await probe();
      if (value !== null) return value;
    } catch (err) {
      lastError = err;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  const cause = lastError instanceof Error ? `: ${lastError.message}` : "";
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
}

/**
 * Resolves with the first match of `pattern` in what the child writes
 * (stdout and stderr, as collected in `output`); rejects if the child exits
 * or `timeoutMs` passes first.
 */
export function waitForOutput(
  name: string,
  child: ChildProcess,
  output: OutputTail,
  pattern: RegExp,
  timeoutMs: number,
): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = pattern.exec(output.toString());
      if (match) finish(() => resolve(match));
    };
    const onExit = () => finish(() => reject(exitedError(name, child) ?? new Error(`${name} exited`)));
    const timedOut = () => new Error(`timed out after ${timeoutMs} ms waiting for ${name} to print ${pattern}`);
    const timer = setTimeout(() => finish(() => reject(timedOut())), timeoutMs);
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      child.stdout?.off("data", check);
      child.stderr?.off("data", check);
      child.off("exit", onExit);
      settle();
    };
    // Registered after the collecting listeners, so `output` already holds the chunk.
    child.stdout?.on("data", check);
    child.stderr?.on("data", check);
    child.once("exit", onExit);
    if (hasExited(child)) onExit();
    else check();
  });
}

/** The error to abort a wait with once `child` has exited, or null while it runs. */
export function exitedError(name: string, child: ChildProcess): Error | null {
  if (!hasExited(child)) return null;
  return new Error(`${name} exited (code ${child.exitCode}, signal ${child.signalCode})`);
}

/**
 * A TCP port that was free a moment ago on `host`, for servers that cannot
 * listen on port 0 and report back. Callers retry if it is taken meanwhile.
 */
export function findFreePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Whether `port` on `host` can be listened on right now. */
export function canListen(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}
