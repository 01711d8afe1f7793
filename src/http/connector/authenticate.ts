import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { AccessScope } from '../../domain/model.ts';
import type { MessagingStore } from '../../domain/store.ts';
import { authorize } from '../../domain/tenancy.ts';

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
 * The Connector API's token check, run after the request limit (`connectorRequestLimit`, whose hash of the
 * AccessToken it finds the token by): unknown, revoked or mismatched tokens and disabled tenants are 401.
 */
export const connectorAuthentication = fp(
  async function connectorAuthentication(app: FastifyInstance, options: { store: MessagingStore }) {
    app.decorateRequest('accessScope', null as unknown as AccessScope);
    app.addHook('preHandler', async function authenticate(request: FastifyRequest) {
      const { ClientToken, AccessToken } = request.body as Credentials;
      const grant = await options.store.findAccessTokenGrant(request.accessTokenHash);
      request.accessScope = authorize(grant, { clientToken: ClientToken, accessToken: AccessToken });
    });
  },
  { name: 'connector-authentication', dependencies: ['connector-request-limit'] },
);
