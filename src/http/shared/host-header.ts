import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { sendError } from './response-contract.ts';

/** An HTTP/1.1 request without `Host` is `400` (RFC 9112, section 3.2), with the contract's body. */
export const hostHeader = fp(
  async function hostHeader(app: FastifyInstance) {
    app.addHook('onRequest', (request, reply, done) => {
      if (request.raw.httpVersion === '1.1' && request.headers.host === undefined) {
        return sendError(reply, 400, 'Invalid request: an HTTP/1.1 request must have a Host header.');
      }
      done();
    });
  },
  { name: 'host-header', dependencies: ['response-contract'] },
);
