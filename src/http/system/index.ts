import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/store.ts';

/** Operating endpoints, outside the documented APIs: health, metrics and the OpenAPI document. */
export async function systemRoutes(app: FastifyInstance, options: { store: Pick<Store, 'ping'> }) {
  app.get('/health', { schema: { hide: true } }, async function health(request, reply) {
    try {
      await options.store.ping();
      return { Status: 'ok' };
    } catch (error) {
      request.log.warn({ err: error }, 'health check: database unreachable');
      return reply.code(503).send({ Status: 'unavailable' });
    }
  });

  app.get('/metrics', { schema: { hide: true } }, async function metrics(_request, reply) {
    return reply.type(app.metrics.contentType).send(await app.metrics.metrics());
  });

  app.get('/openapi.json', { schema: { hide: true } }, async function openapi() {
    return app.swagger();
  });
}
