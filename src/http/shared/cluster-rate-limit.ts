import { RateLimiterCluster, RateLimiterClusterMaster, RateLimiterRes } from 'rate-limiter-flexible';
import { consumeFrom, memoryAttemptLimit, memoryCounter, type RequestLimiter, type RequestLimitOptions } from './rate-limit.ts';

/** How long a worker waits for the primary's count before it counts the request itself. */
const PRIMARY_TIMEOUT_MS = 1000;

/**
 * Makes this process (a cluster's primary) keep the request counts of its workers, for `clusterLimiter`. Call it
 * before forking them.
 */
export function countForWorkers(): void {
  new RateLimiterClusterMaster();
}

/**
 * The limit of `WORKERS=N` without Redis: the workers ask their primary, which counts in one in-process limiter, so
 * the N processes on this machine together allow `max` requests per window, as one process would. Should the primary
 * not answer in time, the worker counts the request itself. Other attempt limits (sign-in) are counted per worker.
 */
export function clusterLimiter(options: RequestLimitOptions & { readonly keyPrefix: string }): RequestLimiter {
  const shared = new RateLimiterCluster({
    points: options.max,
    duration: options.windowS,
    keyPrefix: options.keyPrefix,
    timeoutMs: PRIMARY_TIMEOUT_MS,
  });
  const local = memoryCounter(options);
  const counter = {
    // A refusal (RateLimiterRes) stands; anything else (no answer) falls back to this process's own count.
    consume: (key: string) =>
      shared.consume(key).catch((error: unknown) => (error instanceof RateLimiterRes ? Promise.reject(error) : local.consume(key))),
  };
  return {
    consume: (key) => consumeFrom(counter, key),
    reset: async (key) => void (await shared.delete(key).catch(() => local.delete(key))),
    attemptLimit: (_name, limits) => memoryAttemptLimit(limits),
    close: async () => {},
  };
}
