import { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { consumeFrom, memoryCounter, type RequestLimiter, type RequestLimitOptions } from './rate-limit.ts';

export interface RedisLimitOptions extends RequestLimitOptions {
  /** `redis://…` or `rediss://…`. */
  readonly url: string;
  /** Prefix of every key, so that deployments (or test runs) sharing one Redis do not share counts. */
  readonly keyPrefix: string;
  /** Where the switches between shared and in-process counting are reported. */
  readonly log: { warn(details: object, message: string): void; info(details: object, message: string): void };
}

/** How long a request waits for Redis before it is counted in process instead. */
const COMMAND_TIMEOUT_MS = 1000;
/** How long the start waits for Redis before serving with in-process counts. */
const CONNECT_WAIT_MS = 3000;

/**
 * The limit shared by every server process: one atomic Lua script per request in Redis (rate-limiter-flexible's
 * `RateLimiterRedis`), whose key expires a window after a burst's first request. While Redis is unreachable the
 * in-process limiter answers instead (`insuranceLimiter`), so requests keep being served, each process counting its
 * own; a warning says so once per outage. Resolves once Redis is ready, or after a short wait when it is not.
 */
export async function redisLimiter(options: RedisLimitOptions): Promise<RequestLimiter> {
  const redis = new Redis(options.url, {
    // Fail at once rather than queue while disconnected: the in-process limiter answers in the meantime.
    enableOfflineQueue: false,
    commandTimeout: COMMAND_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    lazyConnect: true,
  });
  let reachable = false;
  let warned = false;
  redis.on('ready', () => {
    reachable = true;
    if (warned) options.log.info({}, 'Redis is reachable again: request limits are shared between processes');
    warned = false;
  });
  redis.on('error', (error: Error) => {
    reachable = false;
    if (warned) return;
    warned = true;
    options.log.warn(
      { err: { message: error.message } },
      'Redis unreachable: request limits are counted by each process on its own until it is back',
    );
  });

  const counter = new RateLimiterRedis({
    storeClient: redis,
    points: options.max,
    duration: options.windowS,
    keyPrefix: options.keyPrefix,
    rejectIfRedisNotReady: true,
    insuranceLimiter: memoryCounter(options),
  });

  await Promise.race([
    redis.connect().catch(() => undefined),
    new Promise((resolve) => setTimeout(resolve, CONNECT_WAIT_MS).unref()),
  ]);

  return {
    consume: (key) => consumeFrom(counter, key),
    redis: {
      async ping() {
        if (!reachable) throw new Error('Redis is not connected');
        await redis.ping();
      },
    },
    async close() {
      redis.removeAllListeners('error');
      redis.on('error', () => {});
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
