import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { addAccessToken, listAccessTokens, revokeAccessToken } from '../../domain/access-tokens.ts';
import type { AdminStore } from '../../domain/admin-store.ts';
import { toAccessTokenDto } from '../shared/schemas/access-token.ts';
import { adminRoute } from './route.ts';
import {
  AccessTokenAddParameters,
  AccessTokenGetAllParameters,
  AccessTokenResult,
  AccessTokenRevokeParameters,
  AccessTokensResult,
} from './schemas.ts';

const tags = ['Admin: access tokens'];

export const accessTokenRoutes: FastifyPluginAsyncTypebox<{ store: AdminStore }> = async (app, { store }) => {
  app.post(
    '/accessTokens/add',
    adminRoute({
      tags,
      operationId: 'admin_accessTokens_add',
      summary: 'Add access token',
      description:
        'Connects an integration to one or more enterprises with a fresh AccessToken; more than one enterprise makes a portfolio access token.',
      body: AccessTokenAddParameters,
      response: AccessTokenResult,
    }),
    async (request) => {
      const { IntegrationId, EnterpriseIds } = request.body;
      const token = await addAccessToken(store, { integrationId: IntegrationId, enterpriseIds: EnterpriseIds });
      return { AccessToken: toAccessTokenDto(token) };
    },
  );

  app.post(
    '/accessTokens/getAll',
    adminRoute({
      tags,
      operationId: 'admin_accessTokens_getAll',
      summary: 'Get all access tokens',
      description: 'The access tokens of an integration, revoked ones included, oldest first.',
      body: AccessTokenGetAllParameters,
      response: AccessTokensResult,
    }),
    async (request) => ({
      AccessTokens: (await listAccessTokens(store, request.body.IntegrationId)).map(toAccessTokenDto),
    }),
  );

  app.post(
    '/accessTokens/revoke',
    adminRoute({
      tags,
      operationId: 'admin_accessTokens_revoke',
      summary: 'Revoke access token',
      description: 'From now on the token is answered 401. Revoking a revoked token changes nothing.',
      body: AccessTokenRevokeParameters,
      response: AccessTokenResult,
    }),
    async (request) => ({ AccessToken: toAccessTokenDto(await revokeAccessToken(store, request.body.AccessToken)) }),
  );
};
