import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { AccessScope, SandboxId } from '../../domain/model.ts';
import type { MessagingStore } from '../../domain/store.ts';
import { authorize } from '../../domain/tenancy.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set for every Connector API operation before its handler runs. */
    accessScope: AccessScope;
    /**
     * The sandbox of the request's access token, once authentication looked it up: null for an operator's own tenants
     * or an unknown token; undefined when the request was answered before (a bad body, the request limit).
     */
    sandboxId: SandboxId | null | undefined;
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
    app.decorateRequest('sandboxId', undefined);
    app.addHook('preHandler', async function authenticate(request: FastifyRequest) {
      const { ClientToken, AccessToken } = request.body as Credentials;
      const grant = await options.store.findAccessTokenGrant(request.accessTokenHash);
      // Before the check: a sandbox's request that is refused is journaled too.
      request.sandboxId = grant?.sandboxId ?? null;
      request.accessScope = authorize(grant, { clientToken: ClientToken, accessToken: AccessToken });
    });
  },
  { name: 'connector-authentication', dependencies: ['connector-request-limit'] },
);
