import v8 from "node:v8";
import type { SessionRequest } from "@/lib/schemas/request";
import type { SessionDocument } from "@/lib/schemas/session";
import { type TextStyle, formatChecks, formatEvent } from "@/lib/transcript-text";
import type { EngineConfig } from "@/server/config";
import type { DnsClient } from "@/server/dns";
import { type EngineDeps, startSession } from "@/server/engine/session";
import { STAGE_ADDRESS, STAGE_NAME } from "./stage-server";
import { openStage } from "./stage-transport";

/** A rehearsal that has not finished by then is cancelled: it only warms code, it must never delay the real run. */
const REHEARSAL_LIMIT_MS = 1000;

const allow = () => ({ allowed: true }) as const;

/**
 * A fresh Node runs every function of the engine for the first time inside the first session: lazy
 * compilation, cold inline caches and a young generation full of start-up objects. Swaks, like any
 * Perl program, compiles before it connects. So before connecting to the real server, the CLI runs
 * the same profile once against a stage: an SMTP server of its own behind a local socket (no
 * network, no DNS query), and formats its transcript into nothing. The real session then runs warm
 * code and holds the server's connection only for the exchange, and the times it reports are the
 * server's, not V8's. Costs wall time before the connection opens (docs/performance.md has the numbers).
 */
export async function rehearse(request: SessionRequest, config: EngineConfig, heloName: string | undefined, style: TextStyle): Promise<SessionDocument | null> {
  if (request.profile === "interactive") return null;
  const stage = await openStage();
  const deps: EngineDeps = {
    transport: stage.transport,
    dns: STAGE_DNS,
    policy: { check: allow, checkPort: allow, checkAddress: allow },
    config,
    heloName,
  };
  // Same profile and options, but no secret of the user's ever goes in, not even to the stage.
  const auth = request.auth ? { ...request.auth, password: "rehearsal", token: request.auth.token === undefined ? undefined : "rehearsal" } : undefined;
  const stageRequest: SessionRequest = { ...request, auth, tls: "none", port: request.port === 465 ? 587 : request.port, trustCa: undefined };
  let timer: NodeJS.Timeout | undefined;
  // V8 gives a function its feedback vector, where its inline caches learn the types they meet, only
  // after the function has run for a while, so a function the rehearsal ran once would meet the real
  // session with nothing learnt. During the rehearsal every function gets one from its first call;
  // the default is back for everything after it.
  v8.setFlagsFromString("--no-lazy-feedback-allocation");
  try {
    const session = startSession(stageRequest, deps);
    const lines: string[] = [];
    session.subscribe((event) => lines.push(...formatEvent(event, style)));
    timer = setTimeout(() => session.cancel(), REHEARSAL_LIMIT_MS);
    const doc = await session.done;
    lines.push(...formatChecks(doc.checks, style), JSON.stringify(doc));
    return doc;
  } catch {
    // A rehearsal that fails has still warmed what it ran; the real session decides what is true.
    return null;
  } finally {
    v8.setFlagsFromString("--lazy-feedback-allocation");
    clearTimeout(timer);
    // Its sockets close before the real connection opens, so their close events never land in it.
    await stage.close();
  }
}

const STAGE_DNS: DnsClient = {
  mx: async () => [{ exchange: STAGE_NAME, priority: 10 }],
  a: async () => [STAGE_ADDRESS],
  aaaa: async () => [],
  ptr: async () => [STAGE_NAME],
};
