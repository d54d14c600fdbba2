import { Redis } from "ioredis";
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import type { Refusal } from "@/server/engine/guard";
import { logger } from "@/server/web/logger";
import { waitWords } from "./wait-words";

/** A fixed window: `points` actions per `durationSec` per key. */
export interface Window {
  name: string;
  points: number;
  durationSec: number;
}

/** One named limit; `take` spends points and says, when it cannot, which limit refused and until when. */
export interface Limit {
  /** `refusal` words the refusal, given the wait in words ("56 min"). */
  take(key: string, points: number, refusal: (retryIn: string) => string): Promise<Refusal | null>;
  /** Returns points taken for something that then did not happen; never fails (a lost refund costs little). */
  giveBack(key: string, points: number): Promise<void>;
}

export interface LimiterStore {
  readonly kind: "memory" | "redis";
  limit(window: Window): Limit;
  close(): Promise<void>;
}

/**
 * Limits live in memory, or in Redis when REDIS_URL is set so that several HeloDesk processes share
 * them. Redis being down must not open the gates nor crash anything: each Redis limiter is insured by
 * a memory limiter with the same window, used while the connection is not ready.
 */
export function createLimiterStore(redisUrl?: string): LimiterStore {
  const redis = redisUrl ? connectRedis(redisUrl) : null;
  const make = (w: Window): RateLimiterAbstract => {
    const memory = new RateLimiterMemory({ keyPrefix: `helodesk:${w.name}`, points: w.points, duration: w.durationSec });
    if (!redis) return memory;
    return new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `helodesk:${w.name}`,
      points: w.points,
      duration: w.durationSec,
      rejectIfRedisNotReady: true,
      insuranceLimiter: memory,
    });
  };
  return {
    kind: redis ? "redis" : "memory",
    limit(window) {
      const limiter = make(window);
      return {
        async take(key, points, refusal) {
          try {
            await limiter.consume(key, points);
            return null;
          } catch (res) {
            if (!(res instanceof RateLimiterRes)) throw res;
            const retryAfterSec = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
            return { limit: window.name, message: refusal(waitWords(retryAfterSec)), retryAfterSec };
          }
        },
        async giveBack(key, points) {
          await limiter.reward(key, points).catch((err: unknown) => logger.debug({ err, limit: window.name }, "a refund to a rate limit was lost"));
        },
      };
    },
    async close() {
      if (redis) redis.disconnect();
    },
  };
}

function connectRedis(url: string): Redis {
  const redis = new Redis(url, {
    // Fail fast instead of queueing while disconnected: the memory insurance answers meanwhile.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    retryStrategy: (attempt) => Math.min(attempt * 500, 10_000),
  });
  let down = false;
  redis.on("error", (err: Error & { code?: string }) => {
    if (down) return;
    down = true;
    // Never log the URL: it may carry a password.
    logger.warn({ code: err.code ?? "unknown" }, "Redis is unreachable; rate limits fall back to this process's memory");
  });
  redis.on("ready", () => {
    if (down) logger.info("Redis is back; rate limits are shared again");
    down = false;
  });
  return redis;
}
