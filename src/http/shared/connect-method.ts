import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { answerOnSocket } from './socket-answer.ts';

/**
 * `CONNECT` is not an operation: `404` with the contract's body, like any other method on any other address. Node
 * hands such requests to the server's `connect` event rather than to Fastify, and closes the socket silently when
 * nothing listens.
 */
export const connectMethod = fp(
  async function connectMethod(app: FastifyInstance) {
    app.server.on('connect', function notAnOperation(request: IncomingMessage, socket: Duplex) {
      const requestId = answerOnSocket(socket, 404, `Not Found: CONNECT ${request.url ?? ''} is not an operation.`);
      app.log.info({ reqId: requestId, method: 'CONNECT', statusCode: 404 }, 'request refused: CONNECT');
    });
  },
  { name: 'connect-method' },
);
