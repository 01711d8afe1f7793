import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { sendError } from './error-contract.ts';

/**
 * 408 for a request that is not answered within `timeoutMs` of its arrival, whether its body is still arriving or its
 * handler is still working (CONTRACT.md, "Errors": the client should ask for less). The connection is closed after
 * the 408, since the rest of a half-read body cannot be trusted, and a request whose body arrives after its 408 is
 * never handled.
 */
export const requestTimeout = fp(
  async function requestTimeout(app: FastifyInstance, options: { timeoutMs: number }) {
    const timers = new WeakMap<object, NodeJS.Timeout>();
    app.addHook('onRequest', async (request, reply) => {
      const timer = setTimeout(() => {
        if (reply.sent) return;
        reply.header('Connection', 'close');
        sendError(reply, 408, 'The request took too long to process; ask for less data at a time.');
      }, options.timeoutMs);
      timers.set(request, timer);
    });
    app.addHook('preHandler', async (_request, reply) => {
      if (reply.sent) return reply;
    });
    app.addHook('onResponse', async (request) => {
      clearTimeout(timers.get(request));
    });
  },
  { name: 'request-timeout', dependencies: ['error-contract'] },
);
