import net from "node:net";

export interface RawExchange {
  host: string;
  port: number;
  helo: string;
  from: string;
  to: string;
  /** Message lines, already dot-stuffed, without the final ".". */
  message: string[];
  timeoutMs: number;
  /**
   * Also ask this PTR question, on the tick after the connect call as the engine asks its own, and
   * finish only when both the exchange and the answer are in: the baseline with the one DNS question
   * the send profile's checks need, for comparison. The raw client itself asks none.
   */
  ptr?: () => Promise<unknown>;
}

/**
 * The baseline: the least a client can do for the send exchange (EHLO, MAIL, RCPT, DATA, the
 * message, ".", QUIT). It waits for each complete reply and checks its code, nothing more.
 * Resolves with milliseconds from the connect call to the close after the 221 (with `ptr`, to the
 * later of that close and the answer).
 */
export function rawSendSession(x: RawExchange): Promise<number> {
  const started = performance.now();
  if (!x.ptr) return exchange(x, started);
  const ptr = x.ptr;
  const answered = new Promise<unknown>((resolve, reject) => process.nextTick(() => ptr().then(resolve, reject)));
  return Promise.all([exchange(x, started), answered]).then(() => performance.now() - started);
}

function exchange(x: RawExchange, started: number): Promise<number> {
  const script: Array<{ send: string | null; expect: number }> = [
    { send: null, expect: 220 },
    { send: `EHLO ${x.helo}`, expect: 250 },
    { send: `MAIL FROM:<${x.from}>`, expect: 250 },
    { send: `RCPT TO:<${x.to}>`, expect: 250 },
    { send: "DATA", expect: 354 },
    { send: `${x.message.join("\r\n")}\r\n.`, expect: 250 },
    { send: "QUIT", expect: 221 },
  ];
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: x.host, port: x.port, noDelay: true });
    let step = 0;
    let buffer = "";
    let failed: Error | null = null;
    const timer = setTimeout(() => fail(new Error(`raw session passed ${x.timeoutMs} ms`)), x.timeoutMs);
    const fail = (err: Error) => {
      failed ??= err;
      socket.destroy();
    };
    socket.on("error", fail);
    socket.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("latin1");
      // A reply is complete when its last line ("NNN text", no hyphen) has its CRLF.
      for (;;) {
        const end = buffer.indexOf("\r\n");
        if (end < 0) return;
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (line[3] === "-") continue;
        const expected = script[step];
        if (!expected || Number(line.slice(0, 3)) !== expected.expect) return fail(new Error(`unexpected reply at step ${step}: ${line}`));
        const next = script[++step];
        // After the 221 the client hangs up itself, as the engine does.
        if (!next) return void socket.destroy();
        if (next.send) socket.write(`${next.send}\r\n`);
      }
    });
    socket.on("close", () => {
      clearTimeout(timer);
      if (failed) reject(failed);
      else if (step < script.length) reject(new Error(`closed early at step ${step}`));
      else resolve(performance.now() - started);
    });
  });
}
