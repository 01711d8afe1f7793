import { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { circuitBreaker } from './circuit-breaker.ts';
import { consumeFrom, memoryAttemptLimit, type AttemptLimit, type RequestLimiter, type RequestLimitOptions } from './rate-limit.ts';

export interface RedisLimitOptions extends RequestLimitOptions {
  /** `redis://…` or `rediss://…`. */
  readonly url: string;
  /** Prefix of every key, so that deployments (or test runs) sharing one Redis do not share counts. */
  readonly keyPrefix: string;
  /** Where the switches between shared and in-process counting are reported. */
  readonly log: { warn(details: object, message: string): void; info(details: object, message: string): void };
}

/** How long a request waits for Redis before it is counted in process instead (once per outage, see the breaker). */
const COMMAND_TIMEOUT_MS = 1000;
/** How long the start waits for Redis before serving with in-process counts. */
const CONNECT_WAIT_MS = 3000;
/** While Redis does not answer, how often it is asked (PING) whether it is back. */
const PROBE_INTERVAL_MS = 1000;

/**
 * The limit shared by every server process: one atomic Lua script per request in Redis (rate-limiter-flexible's
 * `RateLimiterRedis`), whose key expires a window after a burst's first request. While Redis is unreachable or does
 * not answer, an in-process limiter answers instead, so requests keep being served, each process counting its own; a
 * warning says so once per outage. A circuit breaker makes a Redis that hangs cost one `COMMAND_TIMEOUT_MS` per outage,
 * not one per request: after the first failure every request is counted in process at once, while a PING in the
 * background every `PROBE_INTERVAL_MS` finds out when Redis answers again. Resolves once Redis is ready, or after a
 * short wait when it is not.
 */
export async function redisLimiter(options: RedisLimitOptions): Promise<RequestLimiter> {
  const redis = new Redis(options.url, {
    // Fail at once rather than queue while disconnected: the in-process limiter answers in the meantime.
    enableOfflineQueue: false,
    commandTimeout: COMMAND_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    lazyConnect: true,
  });
  const breaker = circuitBreaker({
    probe: () => redis.ping(),
    probeIntervalMs: PROBE_INTERVAL_MS,
    onOpen: (error) =>
      options.log.warn(
        { err: { message: error instanceof Error ? error.message : String(error) } },
        'Redis unreachable: request limits are counted by each process on its own until it is back',
      ),
    onClose: () => options.log.info({}, 'Redis is reachable again: request limits are shared between processes'),
  });
  redis.on('error', (error: Error) => breaker.open(error));

  /** A limit counted in Redis under `keyPrefix`, and in this process while the breaker is open. */
  const sharedLimit = (keyPrefix: string, limits: RequestLimitOptions): AttemptLimit => {
    const shared = new RateLimiterRedis({ storeClient: redis, points: limits.max, duration: limits.windowS, keyPrefix, rejectIfRedisNotReady: true });
    const local = memoryAttemptLimit(limits);
    return {
      consume: (key) => breaker.call(() => consumeFrom(shared, key), () => local.consume(key)),
      // Both: a count made in process during an outage must not outlive the success either.
      reset: async (key) => {
        await Promise.all([local.reset(key), breaker.call(async () => void (await shared.delete(key)), async () => {})]);
      },
    };
  };

  await Promise.race([
    redis.connect().catch(() => undefined),
    new Promise((resolve) => setTimeout(resolve, CONNECT_WAIT_MS).unref()),
  ]);

  return {
    ...sharedLimit(options.keyPrefix, options),
    attemptLimit: (name, limits) => sharedLimit(`${options.keyPrefix}:${name}`, limits),
    redis: {
      async ping() {
        if (!breaker.closed) throw new Error('Redis is not answering');
        await redis.ping();
      },
    },
    async close() {
      breaker.dispose();
      redis.removeAllListeners('error');
      redis.on('error', () => {});
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
