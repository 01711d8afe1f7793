import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AdminStore } from '../../domain/admin-store.ts';
import {
  addIntegration,
  cancelIntegration,
  listIntegrations,
  regenerateIntegrationAccessToken,
  reinstateIntegration,
  removeIntegration,
  updateIntegration,
} from '../../domain/integrations.ts';
import type { Integration, IntegrationId } from '../../domain/model.ts';
import { toIntegrationDto } from '../shared/schemas/integration.ts';
import { adminRoute } from './route.ts';
import {
  Empty,
  IntegrationAddParameters,
  IntegrationGetAllParameters,
  IntegrationParameters,
  IntegrationResult,
  IntegrationsResult,
  IntegrationUpdateParameters,
} from './schemas.ts';

const tags = ['Admin: integrations'];

/** The operations that take an `IntegrationId` and change the integration in one way. */
const ACTIONS: readonly {
  action: string;
  summary: string;
  description: string;
  run: (store: AdminStore, id: IntegrationId) => Promise<Integration>;
}[] = [
  {
    action: 'cancel',
    summary: 'Cancel integration',
    description: 'The integration becomes Canceled: its AccessToken is answered 401 until it is reinstated. Canceling a canceled one changes nothing.',
    run: cancelIntegration,
  },
  {
    action: 'reinstate',
    summary: 'Reinstate integration',
    description: 'A Canceled integration becomes Enabled again; any other stays as it is.',
    run: reinstateIntegration,
  },
  {
    action: 'regenerateAccessToken',
    summary: 'Regenerate access token',
    description: 'A fresh AccessToken replaces the integration\'s: the old one is answered 401 at once. The integration\'s Id stays.',
    run: regenerateIntegrationAccessToken,
  },
];

export const integrationRoutes: FastifyPluginAsyncTypebox<{ store: AdminStore }> = async (app, { store }) => {
  app.post(
    '/integrations/add',
    adminRoute({
      tags,
      operationId: 'admin_integrations_add',
      summary: 'Add integration',
      description:
        'Connects an application to an enterprise with a fresh AccessToken: the unique connection of the pair (a second one is 400 Invalid EnterpriseId), Enabled.',
      body: IntegrationAddParameters,
      response: IntegrationResult,
    }),
    async (request) => {
      const { ApplicationId, EnterpriseId, Requestor } = request.body;
      const integration = await addIntegration(store, {
        applicationId: ApplicationId,
        enterpriseId: EnterpriseId,
        requestor: Requestor && { name: Requestor.Name, email: Requestor.Email },
      });
      return { Integration: toIntegrationDto(integration) };
    },
  );

  app.post(
    '/integrations/getAll',
    adminRoute({
      tags,
      operationId: 'admin_integrations_getAll',
      summary: 'Get all integrations',
      description: 'The integrations of an application, of an enterprise, of both, or all of them; removed ones never. Oldest first.',
      body: IntegrationGetAllParameters,
      response: IntegrationsResult,
    }),
    async (request) => {
      const { ApplicationId, EnterpriseId } = request.body;
      return { Integrations: (await listIntegrations(store, { applicationId: ApplicationId, enterpriseId: EnterpriseId })).map(toIntegrationDto) };
    },
  );

  app.post(
    '/integrations/update',
    adminRoute({
      tags,
      operationId: 'admin_integrations_update',
      summary: 'Update integration',
      description:
        'Enables or disables an integration: a disabled one\'s AccessToken is answered 401, and portfolio tokens no longer reach its enterprise. A Canceled one is 400 Invalid IntegrationId (reinstate it first).',
      body: IntegrationUpdateParameters,
      response: IntegrationResult,
    }),
    async (request) => {
      const { IntegrationId, IsEnabled } = request.body;
      return { Integration: toIntegrationDto(await updateIntegration(store, { integrationId: IntegrationId, isEnabled: IsEnabled })) };
    },
  );

  for (const { action, summary, description, run } of ACTIONS) {
    app.post(
      `/integrations/${action}`,
      adminRoute({ tags, operationId: `admin_integrations_${action}`, summary, description, body: IntegrationParameters, response: IntegrationResult }),
      async (request) => ({ Integration: toIntegrationDto(await run(store, request.body.IntegrationId)) }),
    );
  }

  app.post(
    '/integrations/remove',
    adminRoute({
      tags,
      operationId: 'admin_integrations_remove',
      summary: 'Remove integration',
      description: 'The integration is removed: its AccessToken is answered 401, it is listed nowhere, and its pair may be added again.',
      body: IntegrationParameters,
      response: Empty,
    }),
    async (request) => {
      await removeIntegration(store, request.body.IntegrationId);
      return {};
    },
  );
};
