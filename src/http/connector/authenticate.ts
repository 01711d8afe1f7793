import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { AccessScope } from '../../domain/model.ts';
import type { MessagingStore } from '../../domain/store.ts';
import { authorize } from '../../domain/tenancy.ts';
import type { RequestLimiter } from '../shared/rate-limit.ts';
import { sendError } from '../shared/response-contract.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set for every Connector API operation before its handler runs. */
    accessScope: AccessScope;
  }
}

interface Credentials {
  ClientToken: string;
  AccessToken: string;
}

/**
 * The Connector API's guard, run once the body is validated: the request limit per AccessToken (429 with
 * `Retry-After`), then the tokens themselves (401). The limit counts by a hash of the token, so that the secret
 * itself is never a key in memory or in Redis.
 */
export const connectorAuthentication = fp(
  async function connectorAuthentication(
    app: FastifyInstance,
    options: { store: MessagingStore; limiter: RequestLimiter },
  ) {
    app.decorateRequest('accessScope', null as unknown as AccessScope);
    app.addHook('preHandler', async function authenticate(request: FastifyRequest, reply: FastifyReply) {
      const { ClientToken, AccessToken } = request.body as Credentials;
      const limitKey = createHash('sha256').update(AccessToken).digest('base64url');
      const decision = await options.limiter.consume(limitKey);
      if (!decision.allowed) {
        reply.header('Retry-After', String(decision.retryAfterS));
        return sendError(reply, 429, `Too many requests; retry after ${decision.retryAfterS} s.`);
      }
      const grant = await options.store.findAccessTokenGrant(AccessToken);
      request.accessScope = authorize(grant, { clientToken: ClientToken, accessToken: AccessToken });
    });
  },
  { name: 'connector-authentication' },
);
