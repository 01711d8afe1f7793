import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { AccessScope, SandboxId } from '../../domain/model.ts';
import type { MessagingStore } from '../../domain/store.ts';
import { authorize, type AccessTokenGrant } from '../../domain/tenancy.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set for every Connector API operation before its handler runs. */
    accessScope: AccessScope;
    /**
     * The sandbox of the request's access token, once authentication looked it up: null for an operator's own tenants
     * or an unknown token; undefined when the request was answered before (a bad body, the request limit).
     */
    sandboxId: SandboxId | null | undefined;
    /** The lookup of the request's grant, once made (see `accessTokenGrantOf`); null before. */
    accessTokenGrant: Promise<AccessTokenGrant | undefined> | null;
  }
}

/**
 * The grant of the request's AccessToken (by `request.accessTokenHash`), looked up once per request whichever hook
 * asks first: fault injection asks before the request limit, authentication after it.
 */
export function accessTokenGrantOf(request: FastifyRequest, store: Pick<MessagingStore, 'findAccessTokenGrant'>): Promise<AccessTokenGrant | undefined> {
  request.accessTokenGrant ??= store.findAccessTokenGrant(request.accessTokenHash);
  return request.accessTokenGrant;
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
    app.decorateRequest('accessTokenGrant', null);
    app.addHook('preHandler', async function authenticate(request: FastifyRequest) {
      const { ClientToken, AccessToken } = request.body as Credentials;
      const grant = await accessTokenGrantOf(request, options.store);
      // Before the check: a sandbox's request that is refused is journaled too.
      request.sandboxId = grant?.sandboxId ?? null;
      request.accessScope = authorize(grant, { clientToken: ClientToken, accessToken: AccessToken });
    });
  },
  { name: 'connector-authentication', dependencies: ['connector-request-limit'] },
);
