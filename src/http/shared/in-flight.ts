import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { sendError } from './response-contract.ts';

/**
 * The requests in flight, and what happens to them on two occasions:
 *
 * - A request not answered within `timeoutMs` of its arrival, whether its body is still arriving or its handler is still
 *   working, is answered 408 (CONTRACT.md, "Errors": the client should ask for less). The connection is closed after
 *   the 408, since the rest of a half-read body cannot be trusted, and a request whose body arrives after its 408 is
 *   never handled (Fastify runs no hook or handler for a request already answered).
 * - When the server closes, each one's response ends its keep-alive connection, so that an idle client does not hold
 *   the close. A keep-alive connection idle at that moment is closed only after `idleGraceMs` (Node would close it
 *   at once, resetting a request the client was sending on it just then); a request that comes on it meanwhile is
 *   served, and answered with `Connection: close`. So is a connection that has brought nothing yet.
 *
 * One sweep over the requests in flight replaces a timer per request, which cost more than the rest of this plugin on
 * the busiest paths: requests arrive in deadline order, so a sweep stops at the first one still in time. A 408 is
 * therefore sent up to a tenth of `timeoutMs` (at most a second) late.
 */
/** How often requests are checked against a timeout of `timeoutMs`: a tenth of it, at most a second. */
export function sweepIntervalMs(timeoutMs: number): number {
  return Math.min(1000, Math.max(10, Math.floor(timeoutMs / 10)));
}

/** How long a keep-alive connection idle when the server closes may still bring one request, by default. */
export const IDLE_GRACE_MS = 500;

export const inFlight = fp(
  async function inFlight(app: FastifyInstance, options: { timeoutMs: number; idleGraceMs: number }) {
    const requests = new Map<FastifyRequest, { readonly reply: FastifyReply; readonly deadline: number }>();
    // Every open connection, for the close: Node's own closing of idle connections leaves one that never brought a
    // byte (a client's spare connection, opened ahead of a request it never made), and the close would wait on it.
    const sockets = new Set<Socket>();
    app.server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
    const sweep = setInterval(
      () => {
        const now = performance.now();
        for (const [request, { reply, deadline }] of requests) {
          if (deadline > now) break;
          requests.delete(request);
          if (reply.sent) continue;
          reply.header('Connection', 'close');
          sendError(reply, 408, 'The request took too long to process; ask for less data at a time.');
        }
      },
      sweepIntervalMs(options.timeoutMs),
    );
    sweep.unref();
    app.addHook('onRequest', (request, reply, done) => {
      requests.set(request, { reply, deadline: performance.now() + options.timeoutMs });
      done();
    });
    app.addHook('onResponse', (request, _reply, done) => {
      requests.delete(request);
      done();
    });
    app.addHook('preClose', (done) => {
      for (const { reply } of requests.values()) reply.raw.shouldKeepAlive = false;
      // Called by server.close(), right after this hook.
      const server = app.server;
      const closeIdleConnections = server.closeIdleConnections.bind(server);
      server.closeIdleConnections = function closeIdleConnectionsAfterGrace() {
        setTimeout(() => {
          closeIdleConnections();
          for (const socket of sockets) if (socket.bytesRead === 0) socket.destroy();
        }, options.idleGraceMs);
      };
      done();
    });
    app.addHook('onClose', (_app, done) => {
      clearInterval(sweep);
      done();
    });
  },
  { name: 'in-flight', dependencies: ['response-contract'] },
);
