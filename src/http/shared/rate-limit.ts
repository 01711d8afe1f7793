import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export type RateLimitDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterS: number };

/**
 * Counts requests per key in a window anchored to the key's first request (CONTRACT.md, "Request limits"): the window
 * opens with the first request of a burst, not at a clock boundary.
 */
export interface RequestLimiter {
  consume(key: string): Promise<RateLimitDecision>;
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

/** A limiter over rate-limiter-flexible's: its fixed windows start at a key's first request. */
export function limiterOver(limiter: RateLimiterMemory): RequestLimiter {
  return {
    async consume(key) {
      try {
        await limiter.consume(key);
        return { allowed: true };
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) {
          return { allowed: false, retryAfterS: retryAfterSeconds(rejection.msBeforeNext) };
        }
        throw rejection;
      }
    },
  };
}

/** The in-process limiter: exact for one server process. */
export function memoryLimiter(options: RequestLimitOptions): RequestLimiter {
  return limiterOver(new RateLimiterMemory({ points: options.max, duration: options.windowS }));
}
