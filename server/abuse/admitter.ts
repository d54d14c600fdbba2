import type { SessionRequest } from "@/lib/schemas/request";
import type { Config } from "@/server/config";
import { readTarget } from "@/lib/target-reading";
import { logger } from "@/server/web/logger";
import { clientKey } from "./keys";
import { type LimiterStore, createLimiterStore } from "./limiter-store";
import { type AbuseLimits, BURST_WINDOW_SEC, BUSY_RETRY_SEC, limitsFromConfig } from "./limits";
import { type SharedLimits, createSessionGuard, messagesSpent } from "./session-guard";
import type { Admission, Admitter, ClientInfo } from "./types";

export interface AbuseAdmitter extends Admitter {
  readonly limits: AbuseLimits;
  readonly store: LimiterStore;
  /** Sessions admitted and not yet released, in this process. */
  readonly running: number;
  close(): Promise<void>;
}

type Refused = Extract<Admission, { ok: false }>;

/**
 * Admission before any session starts: static caps first, then concurrency (in this process: a
 * session lives in the process that runs it), then the rates (shared through Redis when configured).
 * Every refusal says which limit, and when a retry can work.
 */
export function createAdmitter(config: Config, store: LimiterStore = createLimiterStore(config.REDIS_URL)): AbuseAdmitter {
  const limits = limitsFromConfig(config);
  const minute = (name: string, points: number) => store.limit({ name, points, durationSec: 60 });
  const hour = (name: string, points: number) => store.limit({ name, points, durationSec: 3600 });
  const perClient = minute("client-minute", limits.sessionsPerMinute);
  const burst = store.limit({ name: "client-burst", points: limits.sessionsBurst, durationSec: BURST_WINDOW_SEC });
  const perTarget = minute("target-name", limits.targetPerMinute);
  const shared: SharedLimits = {
    limits,
    perAddress: minute("target-address", limits.targetPerMinute),
    perNetwork: minute("target-network", limits.networkPerMinute),
    messages: hour("messages", limits.messagesPerHour),
    probes: hour("probes", limits.probesPerHour),
  };
  const byClient = new Map<string, number>();
  let running = 0;

  const sends = (r: SessionRequest) => r.profile === "send" && limits.sendAllowed;
  const recipients = (r: SessionRequest) => (r.profile === "send" || r.profile === "relay" ? Math.max(1, r.to?.length ?? 0) : 0);

  async function rates(request: SessionRequest, key: string): Promise<Refused | null> {
    const tooMany = (error: string, retryAfterSec?: number): Refused => ({ ok: false, status: 429, error, retryAfterSec });
    const checks = [
      () => burst.take(key, 1, (retryIn) => `Too many sessions from your address at once: at most ${limits.sessionsBurst} within ${BURST_WINDOW_SEC} s (HELODESK_SESSIONS_BURST); retry in ${retryIn}.`),
      () => perClient.take(key, 1, (retryIn) => `Too many sessions from your address: at most ${limits.sessionsPerMinute} a minute (HELODESK_SESSIONS_PER_MINUTE); retry in ${retryIn}.`),
      ...targetNames(request).map((name) => () =>
        perTarget.take(name, 1, (retryIn) => `Too many sessions to ${name}: HeloDesk opens at most ${limits.targetPerMinute} a minute to one domain or host, from all its users together (HELODESK_TARGET_SESSIONS_PER_MINUTE); retry in ${retryIn}.`),
      ),
      () => (sends(request) ? shared.messages.take(key, 1, messagesSpent(limits.messagesPerHour)) : Promise.resolve(null)),
      () => {
        const n = recipients(request);
        return n ? shared.probes.take(key, n, (retryIn) => `Too many recipients tested from your address: at most ${limits.probesPerHour} RCPT TO, VRFY and EXPN an hour (HELODESK_PROBES_PER_HOUR); retry in ${retryIn}.`) : Promise.resolve(null);
      },
    ];
    for (const check of checks) {
      const refused = await check();
      if (refused) return tooMany(refused.message, refused.retryAfterSec);
    }
    return null;
  }

  return {
    limits,
    store,
    get running() {
      return running;
    },
    async admit(request: SessionRequest, client: ClientInfo): Promise<Admission> {
      const key = clientKey(client.ip);
      const refuse = (refused: Refused): Admission => {
        // debug, not info: a flood of refused starts must not become a flood of log lines.
        logger.debug({ client: key, via: client.via, status: refused.status, retryAfterSec: refused.retryAfterSec }, "session refused by a limit");
        return refused;
      };
      const cap = limits.maxRecipients;
      if ((request.to?.length ?? 0) > cap) {
        const error = `This HeloDesk allows at most ${cap} recipient${cap === 1 ? "" : "s"} per session (${limits.public ? "a public deployment tests few recipients" : "HELODESK_MAX_RECIPIENTS"}); you listed ${request.to!.length}.`;
        return refuse({ ok: false, status: 403, error, issues: [{ path: "to", message: error }] });
      }
      if (running >= limits.maxConcurrent) {
        return refuse({ ok: false, status: 503, error: `HeloDesk is busy: ${running} sessions are running; retry in ${BUSY_RETRY_SEC} s.`, retryAfterSec: BUSY_RETRY_SEC });
      }
      const mine = byClient.get(key) ?? 0;
      if (mine >= limits.maxPerClient) {
        return refuse({ ok: false, status: 429, error: `You already have ${mine} session${mine === 1 ? "" : "s"} running, the most one address may have (HELODESK_MAX_SESSIONS_PER_CLIENT): let one finish or cancel it; retry in ${BUSY_RETRY_SEC} s.`, retryAfterSec: BUSY_RETRY_SEC });
      }
      // The slot is taken before the rate checks await, so concurrent starts cannot all slip past the cap.
      running++;
      byClient.set(key, mine + 1);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        running--;
        const left = (byClient.get(key) ?? 1) - 1;
        if (left > 0) byClient.set(key, left);
        else byClient.delete(key);
      };
      let refused: Refused | null;
      try {
        refused = await rates(request, key);
      } catch (err) {
        release();
        throw err;
      }
      if (refused) {
        release();
        return refuse(refused);
      }
      // Never the request itself: it may carry an AUTH secret and a message body.
      logger.info({ client: key, via: client.via, profile: request.profile, port: request.port, running }, "session admitted");
      const guard = createSessionGuard(shared, { ip: client.ip, key });
      // The send profile's message is counted at admission (so the start is refused when none is
      // left), and given back at the end if it never went out: refused at RCPT, too big, cut off.
      const prepaid = sends(request);
      const done = () => {
        if (released) return;
        release();
        if (prepaid && !guard.messageWent) void shared.messages.giveBack(key, 1);
      };
      return { ok: true, release: done, guard };
    },
    close: () => store.close(),
  };
}

/** The names a request points at, for the per-domain limit; IP literals are counted where they are connected. */
function targetNames(request: SessionRequest): string[] {
  const names = new Set<string>();
  for (const t of [request.target, request.mx]) {
    if (!t) continue;
    const n = readTarget(t);
    if (n.kind === "name") names.add(n.name.replace(/\.$/, ""));
  }
  return [...names];
}
