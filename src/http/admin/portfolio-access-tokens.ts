import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AdminStore } from '../../domain/admin-store.ts';
import { addPortfolioAccessToken, listPortfolioAccessTokens, revokePortfolioAccessToken } from '../../domain/portfolio-access-tokens.ts';
import { toPortfolioAccessTokenDto } from '../shared/schemas/portfolio-access-token.ts';
import { adminRoute } from './route.ts';
import {
  PortfolioAccessTokenAddParameters,
  PortfolioAccessTokenGetAllParameters,
  PortfolioAccessTokenResult,
  PortfolioAccessTokenRevokeParameters,
  PortfolioAccessTokensResult,
} from './schemas.ts';

const tags = ['Admin: portfolio access tokens'];

export const portfolioAccessTokenRoutes: FastifyPluginAsyncTypebox<{ store: AdminStore }> = async (app, { store }) => {
  app.post(
    '/portfolioAccessTokens/add',
    adminRoute({
      tags,
      operationId: 'admin_portfolioAccessTokens_add',
      summary: 'Add portfolio access token',
      description:
        'A fresh AccessToken of an application over several of its enterprises (each must have an integration with it, else 400 Invalid EnterpriseIds). It reaches those whose integration is Enabled and which are enabled.',
      body: PortfolioAccessTokenAddParameters,
      response: PortfolioAccessTokenResult,
    }),
    async (request) => {
      const { ApplicationId, EnterpriseIds } = request.body;
      const token = await addPortfolioAccessToken(store, { applicationId: ApplicationId, enterpriseIds: EnterpriseIds });
      return { PortfolioAccessToken: toPortfolioAccessTokenDto(token) };
    },
  );

  app.post(
    '/portfolioAccessTokens/getAll',
    adminRoute({
      tags,
      operationId: 'admin_portfolioAccessTokens_getAll',
      summary: 'Get all portfolio access tokens',
      description: 'The portfolio access tokens of an application, revoked ones included, oldest first.',
      body: PortfolioAccessTokenGetAllParameters,
      response: PortfolioAccessTokensResult,
    }),
    async (request) => ({
      PortfolioAccessTokens: (await listPortfolioAccessTokens(store, request.body.ApplicationId)).map(toPortfolioAccessTokenDto),
    }),
  );

  app.post(
    '/portfolioAccessTokens/revoke',
    adminRoute({
      tags,
      operationId: 'admin_portfolioAccessTokens_revoke',
      summary: 'Revoke portfolio access token',
      description: 'From now on the token is answered 401. Revoking a revoked token changes nothing.',
      body: PortfolioAccessTokenRevokeParameters,
      response: PortfolioAccessTokenResult,
    }),
    async (request) => ({
      PortfolioAccessToken: toPortfolioAccessTokenDto(await revokePortfolioAccessToken(store, request.body.PortfolioAccessTokenId)),
    }),
  );
};
