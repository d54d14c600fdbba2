import { explain } from "@/lib/annotate";
import { computeChecks } from "@/lib/checks/index";
import type { EventInput } from "@/lib/schemas/events";
import type { SessionDocument } from "@/lib/schemas/session";
import type { EngineDeps } from "@/server/engine/session";
import { startSession } from "@/server/engine/session";
import { Recorder } from "@/server/engine/recorder";
import { composeTestMessage } from "@/server/engine/test-message";
import { BENCH_FROM, BENCH_HELO, BENCH_TO, benchDeps, sendRequest } from "./lib/engine-deps";
import { startFixtureProcess } from "./lib/fixture-process";
import { rawSendSession } from "./lib/raw-session";
import { log, section } from "./lib/section";
import { median, round, summarize } from "./lib/stats";

/**
 * 1. Engine overhead: the same send exchange against the same sink, by the engine and by the least
 * possible raw-socket client, in alternating blocks so drift on a noisy machine hits both alike.
 * A third client, the engine with PTR answered in process, a fourth, the raw client asking the one PTR
 * question the engine asks (through the same resolver, against the same DNS fixture), and timings of
 * the engine's own steps (composing the message, the checks) say where the difference goes.
 */
section("engine", 240_000, async ({ quick, dir }) => {
  const sessions = quick ? 200 : 1000;
  const block = 20;
  const limitMs = quick ? 30_000 : 150_000;
  const fixture = await startFixtureProcess(dir);
  try {
    const deps = benchDeps(fixture.dns);
    // The same engine, but PTR questions are answered at once, without a DNS round trip.
    const noPtrDeps: EngineDeps = { ...deps, dns: { ...deps.dns, ptr: async () => ["localhost"] } };
    const request = sendRequest(fixture.smtpPort);
    const engineWith = (d: EngineDeps) => async () => {
      const started = performance.now();
      const doc = await startSession(request, d).done;
      const ms = performance.now() - started;
      if (doc.closeReason !== "quit" || doc.outcome === "fail") throw new Error(`engine session ended ${doc.closeReason}/${doc.outcome}`);
      return ms;
    };
    const engineOnce = engineWith(deps);
    const noPtrOnce = engineWith(noPtrDeps);
    await engineOnce();
    const { firstMessage } = await fixture.timings();
    if (!firstMessage) throw new Error("the sink saw no message");
    const exchange = { host: "127.0.0.1", port: fixture.smtpPort, helo: BENCH_HELO, from: BENCH_FROM, to: BENCH_TO, message: firstMessage, timeoutMs: 5000 };
    const rawOnce = () => rawSendSession(exchange);
    const rawPtrOnce = () => rawSendSession({ ...exchange, ptr: () => deps.dns.ptr(exchange.host) });

    // Warm-up: JIT, socket and DNS paths, discarded.
    for (let i = 0; i < 100; i++) {
      await engineOnce();
      await noPtrOnce();
      await rawOnce();
      await rawPtrOnce();
    }
    const clients = [
      { run: engineOnce, samples: [] as number[], exchange: [] as number[] },
      { run: noPtrOnce, samples: [] as number[], exchange: [] as number[] },
      { run: rawOnce, samples: [] as number[], exchange: [] as number[] },
      { run: rawPtrOnce, samples: [] as number[], exchange: [] as number[] },
    ];
    const [engine, noPtr, raw, rawPtr] = clients.map((c) => c.samples) as [number[], number[], number[], number[]];
    const [engineExchange, noPtrExchange, rawExchange, rawPtrExchange] = clients.map((c) => c.exchange) as [number[], number[], number[], number[]];
    await fixture.timings();
    const deadline = performance.now() + limitMs;
    for (let round = 0; engine.length < sessions && performance.now() < deadline; round++) {
      // The order rotates each round: no client always runs right after another's garbage.
      for (let k = 0; k < clients.length; k++) {
        const client = clients[(round + k) % clients.length]!;
        for (let i = 0; i < block; i++) client.samples.push(await client.run());
        // The sink's own clock, accept to close: the exchange as the server saw it, for each client alike.
        for (const t of (await fixture.timings()).timings) client.exchange.push(t.close - t.accept);
      }
    }
    if (engine.length < 500 && !quick) log(`engine: only ${engine.length} sessions within the time limit`);
    const steps = await stepCosts(await startSession(request, deps).done, quick ? 300 : 1000);
    const ratio = median(engine) / median(raw);
    const exchangeRatio = median(engineExchange) / median(rawExchange);
    const ms = (x: number) => `${x.toFixed(3)} ms`;
    return {
      rows: [
        { metric: "engine session, median", value: ms(median(engine)) },
        { metric: "raw-socket session, median", value: ms(median(raw)) },
        { metric: "engine / raw (ratio of medians)", value: ratio.toFixed(3), target: "<= 1.10", met: ratio <= 1.1 },
        { metric: "engine, PTR answered in process, median", value: ms(median(noPtr)) },
        { metric: "raw-socket session asking the engine's PTR question too, median", value: ms(median(rawPtr)) },
        { metric: "engine / raw asking the PTR question too (for comparison; the target is on the raw client)", value: (median(engine) / median(rawPtr)).toFixed(3) },
        { metric: "exchange at the sink (accept→close): engine / raw", value: `${exchangeRatio.toFixed(3)} (${ms(median(engineExchange))} / ${ms(median(rawExchange))})` },
        { metric: "exchange at the sink, PTR answered in process / raw", value: (median(noPtrExchange) / median(rawExchange)).toFixed(3) },
        { metric: "  of which: composing the message (nodemailer)", value: ms(steps.composeMs) },
        { metric: "  of which: explaining the replies", value: ms(steps.explainMs) },
        { metric: "  of which: recording the events", value: ms(steps.recordMs) },
        { metric: "  of which: the checks at the close", value: ms(steps.checksMs) },
      ],
      sessionsEach: engine.length,
      messageBytes: firstMessage.join("\r\n").length,
      engineMs: summarize(engine),
      engineNoPtrMs: summarize(noPtr),
      rawMs: summarize(raw),
      rawWithPtrMs: summarize(rawPtr),
      ratioToRawWithPtr: round(median(engine) / median(rawPtr)),
      exchangeMs: { engine: summarize(engineExchange), engineNoPtr: summarize(noPtrExchange), raw: summarize(rawExchange), rawWithPtr: summarize(rawPtrExchange) },
      exchangeRatioOfMedians: round(exchangeRatio),
      stepMedianMs: steps,
      ratioOfMedians: round(ratio),
      target: 1.1,
      met: ratio <= 1.1,
    };
  } finally {
    await fixture.stop();
  }
});

/** Medians of the engine's own steps, each run on its own: what a session costs besides the exchange. */
async function stepCosts(doc: SessionDocument, runs: number) {
  const compose = () => composeTestMessage({ from: BENCH_FROM, to: [BENCH_TO], idDomain: BENCH_HELO, target: doc.target });
  const timed = async (fn: () => unknown) => {
    const samples: number[] = [];
    for (let i = 0; i < runs + 100; i++) {
      const started = performance.now();
      await fn();
      if (i >= 100) samples.push(performance.now() - started);
    }
    return round(median(samples));
  };
  const composeMs = await timed(compose);
  const replies = doc.events.flatMap((e) => (e.type === "reply" ? [e] : []));
  const { port, profile } = doc.request;
  const explainMs = await timed(() => {
    for (const r of replies) explain(r, { command: r.command, typed: false, recipientDomain: null, recipientIsLocal: null, authenticated: false, tls: r.tls, port, profile });
  });
  const inputs = doc.events.map(({ seq: _s, t: _t, dt: _d, ...input }) => input as EventInput);
  const recordMs = await timed(() => {
    const recorder = new Recorder();
    recorder.subscribe(() => undefined);
    for (const input of inputs) recorder.emit(input);
  });
  const checksMs = await timed(() => computeChecks({ request: doc.request, events: doc.events, closeReason: "quit" }));
  return { composeMs, explainMs, recordMs, checksMs, events: doc.events.length, replies: replies.length };
}
