import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { outsideAnswer } from './socket-answer.ts';

/**
 * An `Expect` other than `100-continue` is `417` (RFC 9110, section 10.1.1), with the contract's body; Node would
 * answer it with an empty one. Node emits such requests apart from the others, so no Fastify request exists for it.
 */
export const expectation = fp(
  async function expectation(app: FastifyInstance) {
    app.server.on('checkExpectation', function expectationFailed(request: IncomingMessage, response: ServerResponse) {
      const { requestId, headers, body } = outsideAnswer('Unsupported Expect header: only 100-continue is understood.');
      response.writeHead(417, headers).end(body);
      app.log.info({ reqId: requestId, method: request.method, statusCode: 417 }, 'request refused: unsupported Expect');
    });
  },
  { name: 'expectation' },
);
