import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AdminStore } from '../../domain/admin-store.ts';
import { addIntegration, listIntegrations, updateIntegration } from '../../domain/integrations.ts';
import { toIntegrationDto, toIntegrationWithSecretDto } from '../shared/schemas/integration.ts';
import { adminRoute } from './route.ts';
import {
  Empty,
  IntegrationAddParameters,
  IntegrationResult,
  IntegrationsResult,
  IntegrationUpdateParameters,
} from './schemas.ts';

const tags = ['Admin: integrations'];

export const integrationRoutes: FastifyPluginAsyncTypebox<{ store: AdminStore }> = async (app, { store }) => {
  app.post(
    '/integrations/add',
    adminRoute({
      tags,
      operationId: 'admin_integrations_add',
      summary: 'Add integration',
      description: 'Creates an enabled integration (a third-party application) with a fresh ClientToken and webhook signing secret (WebhookSecret, shown only here and on rotation).',
      body: IntegrationAddParameters,
      response: IntegrationResult,
    }),
    async (request) => {
      const { Name, WebhookUrl } = request.body;
      return { Integration: toIntegrationWithSecretDto(await addIntegration(store, { name: Name, webhookUrl: WebhookUrl })) };
    },
  );

  app.post(
    '/integrations/getAll',
    adminRoute({
      tags,
      operationId: 'admin_integrations_getAll',
      summary: 'Get all integrations',
      description: 'Every integration with its ClientToken, the sandbox\'s demo integrations and disabled ones included, oldest first.',
      body: Empty,
      response: IntegrationsResult,
    }),
    async () => ({ Integrations: (await listIntegrations(store)).map(toIntegrationDto) }),
  );

  app.post(
    '/integrations/update',
    adminRoute({
      tags,
      operationId: 'admin_integrations_update',
      summary: 'Update integration',
      description:
        'Renames, sets or removes (null) the webhook URL, enables or disables an integration, or rotates its webhook signing secret; what is not given stays as it is. All tokens of a disabled integration are answered 401.',
      body: IntegrationUpdateParameters,
      response: IntegrationResult,
    }),
    async (request) => {
      const { IntegrationId, Name, WebhookUrl, IsEnabled, RotateWebhookSecret } = request.body;
      const integration = await updateIntegration(store, {
        integrationId: IntegrationId,
        name: Name,
        webhookUrl: WebhookUrl,
        isEnabled: IsEnabled,
        rotateWebhookSecret: RotateWebhookSecret,
      });
      return { Integration: RotateWebhookSecret ? toIntegrationWithSecretDto(integration) : toIntegrationDto(integration) };
    },
  );
};
