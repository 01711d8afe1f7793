import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AdminStore } from '../../domain/admin-store.ts';
import { addApplication, listApplications, updateApplication } from '../../domain/applications.ts';
import { toApplicationDto, toApplicationWithSecretDto } from '../shared/schemas/application.ts';
import { adminRoute } from './route.ts';
import { ApplicationAddParameters, ApplicationResult, ApplicationsResult, ApplicationUpdateParameters, Empty } from './schemas.ts';

const tags = ['Admin: applications'];

export const applicationRoutes: FastifyPluginAsyncTypebox<{ store: AdminStore }> = async (app, { store }) => {
  app.post(
    '/applications/add',
    adminRoute({
      tags,
      operationId: 'admin_applications_add',
      summary: 'Add application',
      description:
        'Creates an enabled client application with a fresh ClientToken and webhook signing secret (WebhookSecret, shown only here and on rotation). It reaches an enterprise once it has an integration with it (integrations/add).',
      body: ApplicationAddParameters,
      response: ApplicationResult,
    }),
    async (request) => {
      const { Name, WebhookUrl, IntegrationWebhookUrl } = request.body;
      const application = await addApplication(store, { name: Name, webhookUrl: WebhookUrl, integrationWebhookUrl: IntegrationWebhookUrl });
      return { Application: toApplicationWithSecretDto(application) };
    },
  );

  app.post(
    '/applications/getAll',
    adminRoute({
      tags,
      operationId: 'admin_applications_getAll',
      summary: 'Get all applications',
      description: 'Every application with its ClientToken, the sandbox\'s demo applications and disabled ones included, oldest first.',
      body: Empty,
      response: ApplicationsResult,
    }),
    async () => ({ Applications: (await listApplications(store)).map(toApplicationDto) }),
  );

  app.post(
    '/applications/update',
    adminRoute({
      tags,
      operationId: 'admin_applications_update',
      summary: 'Update application',
      description:
        'Renames, sets or removes (null) the webhook URLs, enables or disables an application, or rotates its webhook signing secret; what is not given stays as it is. All tokens of a disabled application are answered 401.',
      body: ApplicationUpdateParameters,
      response: ApplicationResult,
    }),
    async (request) => {
      const { ApplicationId, Name, WebhookUrl, IntegrationWebhookUrl, IsEnabled, RotateWebhookSecret } = request.body;
      const application = await updateApplication(store, {
        applicationId: ApplicationId,
        name: Name,
        webhookUrl: WebhookUrl,
        integrationWebhookUrl: IntegrationWebhookUrl,
        isEnabled: IsEnabled,
        rotateWebhookSecret: RotateWebhookSecret,
      });
      return { Application: RotateWebhookSecret ? toApplicationWithSecretDto(application) : toApplicationDto(application) };
    },
  );
};
