import { randomBytes } from "node:crypto";
import os from "node:os";
import type { Socket } from "node:net";
import { computeChecks, outcomeOf } from "@/lib/checks/index";
import type { Check } from "@/lib/schemas/check";
import type { CloseReason, SessionEvent } from "@/lib/schemas/events";
import { isHostname } from "@/lib/schemas/primitives";
import { type SessionRequest, toPublicRequest } from "@/lib/schemas/request";
import type { Outcome, SessionDocument } from "@/lib/schemas/session";
import { capitalise } from "@/lib/sentence";
import type { EngineConfig } from "@/server/config";
import type { DnsClient } from "@/server/dns";
import type { TargetPolicy } from "@/server/target-policy";
import { ConsoleDriver, type ConsoleResult } from "./console";
import { Conversation, SERVER_CLOSING } from "./conversation";
import { type SessionError, isSessionError, refusedToConnect, sessionError } from "./errors";
import { failureHint } from "./failure-hints";
import { NO_GUARD, type Refusal, type SessionGuard } from "./guard";
import { DEFAULT_WIRE_LIMITS, PORT_PROBE_TIMEOUT_MS, QUIT_GRACE_MS, type WireLimits, timeoutsFrom } from "./limits";
import { Recorder } from "./recorder";
import { type Candidate, type PtrAnswer, type ResolvedTarget, askPtr, recordPtr, resolveTarget } from "./resolve-target";
import { type StepContext, type StepResult, auth, composeFor, greet, hello, quit, relayProbe, sendMessage, startTls } from "./steps";
import { describeTls } from "./tls-report";
import { type TestMessage, loadComposer } from "./test-message";
import type { Transport } from "./transport";
import { SmtpWire } from "./wire";
import { CANCEL_REASONS } from "@/lib/cancel-reasons";

/** I/O comes in from outside: tests hand in hostile transports and a loopback DNS. */
export interface EngineDeps {
  transport: Transport;
  dns: DnsClient;
  policy: TargetPolicy;
  config: EngineConfig;
  limits?: WireLimits;
  /** A reply slower than this gets a "slow-reply" note; SLOW_REPLY_MS unless a test needs it short. */
  slowReplyMs?: number;
  now?: () => number;
  /** The name announced in EHLO/HELO; by default HELODESK_HELO_NAME, this host's FQDN, or an address literal. */
  heloName?: string;
  /** Abuse limits for this session (server/abuse); none when absent. */
  guard?: SessionGuard;
}

export interface Session {
  readonly id: string;
  /** Resolves when the session has closed, with its final document. */
  readonly done: Promise<SessionDocument>;
  /** Every event as it happens; returns an unsubscribe function. */
  subscribe(listener: (event: SessionEvent) => void): () => void;
  /** Replays what happened so far, then follows live until the close event. */
  events(): AsyncIterable<SessionEvent>;
  /** Interactive profile: sends one typed line. */
  input(line: string): Promise<ConsoleResult>;
  /** Ends the session: QUIT when possible, then close. `why` is the close's detail: who or what ended it. */
  cancel(why?: string): void;
  document(): SessionDocument;
  /** The abuse limit that stopped the session before it connected, if one did (the REST API answers 429). */
  readonly limitRefusal: Refusal | null;
}

const STEPS: Record<Exclude<SessionRequest["profile"], "interactive">, Array<(ctx: StepContext) => Promise<StepResult>>> = {
  banner: [greet],
  // STARTTLS only when TLS mode starttls asks for it (wantsStartTls): then it must happen.
  ehlo: [greet, hello, startTls],
  starttls: [greet, hello, startTls],
  auth: [greet, hello, startTls, auth],
  relay: [greet, hello, startTls, auth, relayProbe],
  send: [greet, hello, startTls, auth, sendMessage],
};

/** 128 random bits, URL-safe: a session id doubles as a share link's bearer token. */
export function newSessionId(): string {
  return randomBytes(16).toString("base64url");
}

export function startSession(request: SessionRequest, deps: EngineDeps, options: { id?: string } = {}): Session {
  const id = options.id ?? newSessionId();
  const recorder = new Recorder(deps.now);
  const startedAt = new Date().toISOString();
  const publicRequest = toPublicRequest(request);
  const controller = new AbortController();
  const timeouts = timeoutsFrom(deps.config, request.profile, request.timeouts);
  const guard = deps.guard ?? NO_GUARD;
  let endedAt: string | null = null;
  let closeReason: CloseReason | null = null;
  let checks: Check[] = [];
  let outcome: Outcome | null = null;
  let abortError: SessionError | null = null;
  let limitRefusal: Refusal | null = null;
  let wire: SmtpWire | null = null;
  let driver: ConsoleDriver | null = null;
  let endConsole: ((error?: SessionError) => void) | null = null;
  let consoleReady!: () => void;
  const ready = new Promise<void>((resolve) => (consoleReady = resolve));

  // As stamped: reading the whole log would explain the last reply before QUIT goes out.
  const lastReplyWas421 = () => {
    const last = recorder.findLastStamped((e) => e.type === "reply");
    return last?.type === "reply" && last.code === 421;
  };

  const abort = (error: SessionError) => {
    if (abortError || recorder.isClosed) return;
    abortError = error;
    controller.abort();
    wire?.interrupt(error);
    endConsole?.(error);
  };

  const document = (): SessionDocument => ({
    version: 1,
    id,
    target: request.target,
    port: request.port,
    profile: request.profile,
    request: publicRequest,
    startedAt,
    endedAt,
    state: recorder.isClosed ? "finished" : "running",
    outcome,
    closeReason,
    events: [...recorder.events],
    checks,
  });

  /** PTR questions by address: asked once each, however many purposes share the answer. */
  const ptrAnswers = new Map<string, Promise<PtrAnswer>>();
  const ptrOf = (address: string) => {
    let answer = ptrAnswers.get(address);
    if (!answer) ptrAnswers.set(address, (answer = askPtr(address, deps.dns, recorder, 2000)));
    return answer;
  };

  async function connect(target: ResolvedTarget): Promise<{ socket: Socket; candidate: Candidate }> {
    for (const candidate of target.candidates) {
      const decision = deps.policy.check(candidate.address, request.port);
      if (!decision.allowed) {
        // One refused address refuses the whole target: a name that mixes public and private answers is an attack pattern.
        throw sessionError("policy-refused", refusedToConnect(target.host === candidate.address ? target.host : `${target.host} (${candidate.address})`, decision.message));
      }
    }
    const tried = target.candidates.slice(0, 3);
    const refusal = await guard.connecting(tried.map((c) => c.address));
    if (refusal) {
      limitRefusal = refusal;
      throw sessionError("limit-refused", refusal.message.replace(/\.$/, ""));
    }
    let lastError: unknown = null;
    for (const candidate of tried) {
      try {
        const connecting = deps.transport.connect({ address: candidate.address, port: request.port, timeoutMs: timeouts.connectMs, signal: controller.signal });
        // The remote PTR is asked while the connection opens, not after it: the answer is in before
        // the checks need it, and an address the policy refused is never looked up. On the next
        // tick, because net.connect makes its connect call on this one, and sending the DNS query
        // first would hold that up.
        if (candidate === tried[0]) process.nextTick(() => void ptrOf(candidate.address));
        const socket = await connecting;
        return { socket, candidate };
      } catch (err) {
        if (abortError) throw abortError;
        lastError = err;
        if (target.candidates.length > 1) {
          recorder.emit({ type: "note", level: "warn", code: "connect-attempt-failed", text: `${candidate.address}: ${err instanceof Error ? err.message : String(err)}` });
        }
      }
    }
    throw lastError;
  }

  /** When port 25 times out, see whether 587 or 465 on the same host answer: then the block is on this side. */
  async function probeOtherPorts(address: string): Promise<void> {
    const ports = [587, 465].filter((p) => deps.policy.check(address, p).allowed);
    const results = await Promise.all(
      ports.map(async (port) => {
        try {
          const s = await deps.transport.connect({ address, port, timeoutMs: PORT_PROBE_TIMEOUT_MS, signal: controller.signal });
          s.destroy();
          return port;
        } catch {
          return null;
        }
      }),
    );
    const open = results.filter((p): p is number => p !== null);
    recorder.emit(
      open.length > 0
        ? { type: "note", level: "warn", code: "port25-blocked", text: `Port 25 did not answer, but port ${open.join(" and ")} on the same host did: outbound port 25 is probably blocked on HeloDesk's side (most cloud providers block it), not at the server.` }
        : { type: "note", level: "info", code: "host-silent", text: `Ports 25${ports.length ? `, ${ports.join(" and ")}` : ""} all went unanswered: the host is down, or a firewall drops everything from here.` },
    );
  }

  async function runConsole(ctx: StepContext): Promise<void> {
    driver = new ConsoleDriver(ctx, () => endConsole?.());
    ctx.conv.wire.hooks = {
      onQueued: () => driver?.idle && ctx.conv.flushUnsolicited(),
      onTerminal: (error) => endConsole?.(error),
    };
    const quitSent = () => ctx.conv.recorder.events.some((e) => e.type === "send" && e.command === "QUIT");
    const ended = new Promise<void>((resolve, reject) => {
      endConsole = (error) => (error && !(error.code === "peer-closed" && quitSent()) ? reject(error) : resolve());
      if (abortError) endConsole(abortError);
      else if (ctx.conv.wire.terminalError) endConsole(ctx.conv.wire.terminalError);
    });
    consoleReady();
    await ended;
    ctx.conv.flushUnsolicited();
  }

  async function run(): Promise<void> {
    let reason: CloseReason = "quit";
    let detail = "session complete";
    let ctx: StepContext | null = null;
    let implicitTls = false;
    let remoteAddress: string | null = null;
    let firstCandidate: string | null = null;
    const lookups: Promise<unknown>[] = [];
    const sessionTimer = setTimeout(
      () => abort(sessionError("session-timeout", `the session passed its ${Math.round(timeouts.sessionMs / 1000)} s limit`)),
      timeouts.sessionMs,
    );
    try {
      const composer = request.profile === "send" ? loadComposer() : null;
      const target = await untilAborted(resolveTarget(request, deps.dns, recorder));
      await composer;
      // Composed before connecting when the EHLO name does not wait on the local address: building a
      // message then never holds a server's connection open (a cold CLI's first one takes ms). Awaited
      // here so it does not count as TCP connect time; a failure surfaces where the message is sent.
      // (Composing during the TCP handshake instead was measured: no faster on loopback, docs/performance.md.)
      let message: Promise<TestMessage> | undefined;
      const compose = (name: string) => {
        message = composeFor({ request, target, heloName: name, guard, sessionId: id });
        return message.then(
          () => undefined,
          () => undefined,
        );
      };
      // The name the user chose for this test first (a server that judges EHLO names is tested with it).
      const namedHelo = request.helo ?? deps.heloName ?? configuredHeloName(deps.config);
      if (request.profile === "send" && namedHelo) await compose(namedHelo);
      firstCandidate = target.candidates[0]?.address ?? null;
      const started = recorder.elapsed();
      const { socket: raw, candidate } = await connect(target);
      remoteAddress = candidate.address;
      implicitTls = request.tls === "implicit" || (request.tls === "auto" && request.port === 465);
      recorder.emit({
        type: "connect",
        host: target.host,
        address: candidate.address,
        port: request.port,
        family: candidate.family,
        localAddress: raw.localAddress ?? "",
        localPort: raw.localPort ?? 0,
        implicitTls,
        ms: recorder.elapsed() - started,
        // What the other profiles would say in EHLO, for the console and walkthrough to suggest.
        ...(request.profile === "interactive" && namedHelo ? { heloName: namedHelo } : {}),
      });
      const localAddress = raw.localAddress ?? "";
      lookups.push(recordPtr(localAddress, ptrOf(localAddress), "local-ptr", recorder));
      lookups.push(recordPtr(candidate.address, ptrOf(candidate.address), "remote-ptr", recorder));
      let socket: Socket = raw;
      if (implicitTls) {
        const tlsStarted = recorder.elapsed();
        const secure = await deps.transport.startTls(raw, {
          servername: target.named ? target.host : undefined,
          trustCa: request.trustCa,
          timeoutMs: timeouts.tlsMs,
          signal: controller.signal,
        });
        recorder.emit({ type: "tls", ...describeTls(secure, target.host, request.trustCa !== undefined), ms: recorder.elapsed() - tlsStarted });
        socket = secure;
      }
      wire = new SmtpWire(socket, deps.limits ?? DEFAULT_WIRE_LIMITS, {}, implicitTls);
      if (abortError) throw abortError;
      const conv = new Conversation(wire, recorder, { port: request.port, profile: request.profile, timeouts, slowReplyMs: deps.slowReplyMs });
      const helo = namedHelo ?? addressLiteral(raw.localAddress);
      if (request.profile === "send" && !message) void compose(helo);
      ctx = { conv, request, target, heloName: helo, transport: deps.transport, signal: controller.signal, guard, sessionId: id, message };

      if (request.profile === "interactive") {
        if ((await greet(ctx)) === "continue") {
          await runConsole(ctx);
        } else if (!wire.closed) {
          await quit(ctx, QUIT_GRACE_MS);
        }
        reason = "quit";
        detail = "session ended";
      } else {
        let stopped = false;
        for (const step of STEPS[request.profile]) {
          if ((await step(ctx)) === "stop") {
            stopped = true;
            break;
          }
        }
        if (lastReplyWas421()) {
          reason = "peer-closed";
          detail = SERVER_CLOSING;
        } else {
          await quitGracefully(ctx);
          detail = stopped ? "stopped after a refusal" : "session complete";
        }
      }
    } catch (err) {
      const error = toSessionError(abortError ?? err);
      reason = error.closeReason;
      detail = error.message;
      const hint = failureHint(error, request, implicitTls);
      // A 421 explains itself in the transcript, whether a profile stopped at it or the server hung
      // up after it (RFC 5321 3.8: it may): not "hung up without a 221" on top of it.
      if (error.code === "peer-closed" && (error.details.reply?.code === 421 || lastReplyWas421())) detail = SERVER_CLOSING;
      else recorder.emit({ type: "note", level: "error", code: error.code, text: hint ? `${capitalise(error.message)}. ${hint}` : `${capitalise(error.message)}.` });
      if ((error.code === "cancelled" || error.code === "session-timeout") && ctx && wire && !wire.closed && driver?.mode !== "data") {
        wire.clearInterrupt();
        await quit(ctx, QUIT_GRACE_MS).catch(() => undefined);
      }
      if (error.code === "connect-timeout" && request.port === 25 && remoteAddress === null && firstCandidate) {
        await probeOtherPorts(firstCandidate);
      }
    } finally {
      consoleReady();
      clearTimeout(sessionTimer);
      wire?.destroy();
      await Promise.allSettled(lookups);
      checks = computeChecks({ request: publicRequest, events: recorder.events, closeReason: reason });
      for (const check of checks) recorder.emit({ type: "check", check });
      outcome = outcomeOf(checks, reason);
      endedAt = new Date().toISOString();
      closeReason = reason;
      recorder.emit({ type: "close", reason, detail });
    }
  }

  /** QUIT; a server that hangs up instead of answering 221 is fine at this point. */
  async function quitGracefully(ctx: StepContext) {
    try {
      await quit(ctx);
    } catch (err) {
      if (!(isSessionError(err) && err.code === "peer-closed")) throw err;
    }
  }

  function untilAborted<T>(promise: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (abortError) return reject(abortError);
      const onAbort = () => reject(abortError);
      controller.signal.addEventListener("abort", onAbort, { once: true });
      promise.then(resolve, reject).finally(() => controller.signal.removeEventListener("abort", onAbort));
    });
  }

  const done = run().then(document);

  return {
    id,
    done,
    subscribe: (listener) => recorder.subscribe(listener),
    events: () => follow(recorder),
    input: async (line) => {
      if (request.profile !== "interactive") return { ok: false, error: "this session is not interactive" };
      await ready;
      if (recorder.isClosed || !driver) return { ok: false, error: "the session has ended" };
      try {
        return await driver.input(line);
      } catch (err) {
        const error = toSessionError(err);
        endConsole?.(error);
        return { ok: false, error: error.message };
      }
    },
    cancel: (why = CANCEL_REASONS.user) => abort(sessionError("cancelled", why)),
    document,
    get limitRefusal() {
      return limitRefusal;
    },
  };
}

function toSessionError(err: unknown): SessionError {
  if (isSessionError(err)) return err;
  // Never leak internals: an unexpected failure is reported in general words.
  return sessionError("socket-error", "HeloDesk hit an unexpected error and ended the session", { cause: err });
}

/** RFC 5321 4.1.4: the EHLO argument is the client's FQDN, or an address literal when it has none. */
function configuredHeloName(config: EngineConfig): string | null {
  if (config.HELODESK_HELO_NAME) return config.HELODESK_HELO_NAME;
  const host = os.hostname();
  return host.includes(".") && isHostname(host) ? host : null;
}

function addressLiteral(localAddress: string | undefined): string {
  if (!localAddress) return "[127.0.0.1]";
  return localAddress.includes(":") ? `[IPv6:${localAddress}]` : `[${localAddress}]`;
}

/** Replays the log, then follows live events until the close. */
async function* follow(recorder: Recorder): AsyncGenerator<SessionEvent> {
  let index = 0;
  let wake: (() => void) | null = null;
  const unsubscribe = recorder.subscribe(() => wake?.());
  try {
    for (;;) {
      while (index < recorder.events.length) {
        const event = recorder.events[index++]!;
        yield event;
        if (event.type === "close") return;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = null;
    }
  } finally {
    unsubscribe();
  }
}
