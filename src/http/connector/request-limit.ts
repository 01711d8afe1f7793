import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hashAccessToken, type AccessTokenHash } from '../../domain/access-token-hash.ts';
import type { RequestLimiter } from '../shared/rate-limit.ts';
import { sendError } from '../shared/response-contract.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The hash of the request's AccessToken, set for every Connector API operation by the request limit. */
    accessTokenHash: AccessTokenHash;
  }
}

/**
 * The Connector API's request limit per AccessToken (CONTRACT.md, "Request limits"), run once the body is validated
 * and before the tokens are checked: past the limit, 429 with `Retry-After`. It counts by the token's hash, which it
 * leaves on the request for `connectorAuthentication` to find the token by, so that each request hashes it once.
 */
export const connectorRequestLimit = fp(
  async function connectorRequestLimit(app: FastifyInstance, options: { limiter: RequestLimiter }) {
    app.decorateRequest('accessTokenHash', null as unknown as AccessTokenHash);
    app.addHook('preHandler', async function limitRequests(request: FastifyRequest, reply: FastifyReply) {
      // Fault injection, where it runs, has hashed it already.
      request.accessTokenHash ??= hashAccessToken((request.body as { AccessToken: string }).AccessToken);
      const decision = await options.limiter.consume(request.accessTokenHash);
      if (!decision.allowed) {
        reply.header('Retry-After', String(decision.retryAfterS));
        return sendError(reply, 429, `Too many requests; retry after ${decision.retryAfterS} s.`);
      }
    });
  },
  { name: 'connector-request-limit' },
);
