import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AdminStore } from '../../domain/admin-store.ts';
import { addSandbox, listSandboxes, removeSandbox, resetSandbox } from '../../domain/sandboxes.ts';
import { toSandboxDto } from '../shared/schemas/sandbox.ts';
import { adminRoute } from './route.ts';
import { Empty, SandboxAddParameters, SandboxesResult, SandboxParameters, SandboxResult } from './schemas.ts';

const tags = ['Admin: sandboxes'];

/** Sandboxes on demand: isolated worlds of test tenants, each made, reset and removed in one call. */
export const sandboxRoutes: FastifyPluginAsyncTypebox<{ store: AdminStore }> = async (app, { store }) => {
  app.post(
    '/sandboxes/add',
    adminRoute({
      tags,
      operationId: 'admin_sandboxes_add',
      summary: 'Add sandbox',
      description:
        'Creates, in one transaction, an application, EnterpriseCount enterprises each with an integration of it and a staff member with a generated password, and a portfolio access token over them; answers with every credential. Sandboxes never see each other\'s data.',
      body: SandboxAddParameters,
      response: SandboxResult,
    }),
    async (request) => {
      const { Name, EnterpriseCount, WebhookUrl, IntegrationWebhookUrl, Seed, TimeToLiveMinutes } = request.body;
      const sandbox = await addSandbox(store, {
        name: Name,
        enterpriseCount: EnterpriseCount,
        webhookUrl: WebhookUrl,
        integrationWebhookUrl: IntegrationWebhookUrl,
        seed: Seed,
        timeToLiveMinutes: TimeToLiveMinutes,
      });
      return { Sandbox: toSandboxDto(sandbox) };
    },
  );

  app.post(
    '/sandboxes/getAll',
    adminRoute({
      tags,
      operationId: 'admin_sandboxes_getAll',
      summary: 'Get all sandboxes',
      description: 'Every sandbox with its credentials, the demo one included, oldest first.',
      body: Empty,
      response: SandboxesResult,
    }),
    async () => ({ Sandboxes: (await listSandboxes(store)).map(toSandboxDto) }),
  );

  app.post(
    '/sandboxes/reset',
    adminRoute({
      tags,
      operationId: 'admin_sandboxes_reset',
      summary: 'Reset sandbox',
      description:
        'Deletes the sandbox\'s threads, messages, webhook deliveries, activity feed, staff sessions, auto-replies and request journal; its tenants and credentials stay. Connector writes in the sandbox under way are waited for, and deleted too. The demo sandbox can be reset too: it gets its seeded thread back.',
      body: SandboxParameters,
      response: SandboxResult,
    }),
    async (request) => ({ Sandbox: toSandboxDto(await resetSandbox(store, request.body.SandboxId)) }),
  );

  app.post(
    '/sandboxes/remove',
    adminRoute({
      tags,
      operationId: 'admin_sandboxes_remove',
      summary: 'Remove sandbox',
      description:
        'Deletes the sandbox and everything in it, what its Connector writes under way wrote included (they are waited for): its tokens answer 401, as do its Connector writes that come meanwhile, and its staff cannot sign in. The demo sandbox cannot be removed (400 Invalid SandboxId).',
      body: SandboxParameters,
      response: Empty,
    }),
    async (request) => {
      await removeSandbox(store, request.body.SandboxId);
      return {};
    },
  );
};
