import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

export type RateLimitDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterS: number };

/**
 * Counts requests per key in a window anchored to the key's first request (CONTRACT.md, "Request limits"): the window
 * opens with the first request of a burst, not at a clock boundary.
 */
export interface RequestLimiter extends AttemptLimit {
  /**
   * Another limit, named `name`, counted where this one counts: through Redis when this one is shared through Redis,
   * else in this process. For limits of other things than requests, such as sign-in attempts per account.
   */
  attemptLimit(name: string, options: RequestLimitOptions): AttemptLimit;
  /** Set when the counts are shared between processes through Redis: resolves when Redis answers (for /health). */
  readonly redis?: { ping(): Promise<void> };
  /** Releases what the limiter holds (the Redis connection); the limiter is not used afterwards. */
  close(): Promise<void>;
}

/** Attempts counted per key in a window anchored to the key's first attempt; a key's count can be reset. */
export interface AttemptLimit {
  consume(key: string): Promise<RateLimitDecision>;
  /** Forgets the key's count, as after a successful sign-in. */
  reset(key: string): Promise<void>;
}

export interface RequestLimitOptions {
  /** Requests allowed in one window (200 by default in the configuration). */
  readonly max: number;
  /** The window's length, in seconds (30 by default in the configuration). */
  readonly windowS: number;
}

/** Seconds until a request would be accepted again, as `Retry-After` wants it: whole and at least one. */
export function retryAfterSeconds(msBeforeNext: number): number {
  return Math.max(1, Math.ceil(msBeforeNext / 1000));
}

/** Asks one of rate-limiter-flexible's limiters, whose fixed windows start at a key's first request. */
export async function consumeFrom(limiter: Pick<RateLimiterAbstract, 'consume'>, key: string): Promise<RateLimitDecision> {
  try {
    await limiter.consume(key);
    return { allowed: true };
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) {
      return { allowed: false, retryAfterS: retryAfterSeconds(rejection.msBeforeNext) };
    }
    throw rejection;
  }
}

/** rate-limiter-flexible's in-process limiter, which also stands in for Redis while Redis is unreachable. */
export function memoryCounter(options: RequestLimitOptions): RateLimiterMemory {
  return new RateLimiterMemory({ points: options.max, duration: options.windowS });
}

/** An attempt limit counted in this process. */
export function memoryAttemptLimit(options: RequestLimitOptions): AttemptLimit {
  const counter = memoryCounter(options);
  return {
    consume: (key) => consumeFrom(counter, key),
    reset: async (key) => void (await counter.delete(key)),
  };
}

/** The in-process limiter: exact for one server process. */
export function memoryLimiter(options: RequestLimitOptions): RequestLimiter {
  return { ...memoryAttemptLimit(options), attemptLimit: (_name, limits) => memoryAttemptLimit(limits), close: async () => {} };
}
