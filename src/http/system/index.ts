import type { FastifyInstance } from 'fastify';
import type { RequestLimiter } from '../shared/rate-limit.ts';
import type { Store } from '../../store/store.ts';

/** How long /health waits for the database (a free connection of the pool, then `select 1`) or Redis to answer. */
const HEALTH_TIMEOUT_MS = 5000;

type Check = 'ok' | 'unavailable';

/** Operating endpoints, outside the documented APIs: health and metrics (the OpenAPI document: api-docs.ts). */
export async function systemRoutes(
  app: FastifyInstance,
  options: { store: Pick<Store, 'ping'>; limiter: Pick<RequestLimiter, 'redis'> },
) {
  /** Resolves 'ok' when `probe` answers in time, 'unavailable' (logged) when it fails or hangs. */
  async function check(what: string, probe: () => Promise<void>, log: FastifyInstance['log']): Promise<Check> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        probe(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${HEALTH_TIMEOUT_MS} ms`)), HEALTH_TIMEOUT_MS);
        }),
      ]);
      return 'ok';
    } catch (error) {
      log.warn({ err: error }, `health check: ${what} unreachable`);
      return 'unavailable';
    } finally {
      clearTimeout(timer);
    }
  }

  // 503 only when the database does not answer: without Redis, requests are still served (limits counted per process).
  app.get('/health', { schema: { hide: true } }, async function health(request, reply) {
    const redis = options.limiter.redis;
    const [database, shared] = await Promise.all([
      check('database', () => options.store.ping(), request.log),
      redis ? check('Redis', () => redis.ping(), request.log) : undefined,
    ]);
    const status = database === 'unavailable' ? 'unavailable' : shared === 'unavailable' ? 'degraded' : 'ok';
    return reply.code(database === 'ok' ? 200 : 503).send({ Status: status, Database: database, ...(shared && { Redis: shared }) });
  });

  app.get('/metrics', { schema: { hide: true } }, async function metrics(_request, reply) {
    return reply.type(app.metrics.contentType).send(await app.metrics.metrics());
  });
}
