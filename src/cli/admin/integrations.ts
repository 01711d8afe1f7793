import { Command } from 'commander';
import {
  addIntegration,
  cancelIntegration,
  listIntegrations,
  regenerateIntegrationAccessToken,
  reinstateIntegration,
  removeIntegration,
  updateIntegration,
} from '../../domain/integrations.ts';
import { toIntegrationDto } from '../../http/shared/schemas/integration.ts';
import { leafCommand, againstDatabase, parseBoolean, type OutputOptions } from './command.ts';

type IdOptions = OutputOptions & { id: string };

export function integrationsCommand(): Command {
  const integrations = new Command('integrations').description(
    'Integrations, the connections of an application with an enterprise: add, list, update, cancel, reinstate, regenerate-access-token, remove.',
  );

  leafCommand(integrations, 'add', 'Connect an application to an enterprise with a fresh AccessToken (one integration per pair).')
    .requiredOption('--application <id>', 'the application\'s id')
    .requiredOption('--enterprise <id>', 'the enterprise\'s id')
    .option('--requestor-name <name>', 'who asked for it (with --requestor-email)')
    .option('--requestor-email <email>', 'their email (with --requestor-name)')
    .action(
      againstDatabase(
        async (store, options: OutputOptions & { application: string; enterprise: string; requestorName?: string; requestorEmail?: string }) => {
          const { requestorName: name, requestorEmail: email } = options;
          const integration = await addIntegration(store, {
            applicationId: options.application,
            enterpriseId: options.enterprise,
            requestor: name === undefined && email === undefined ? null : { name: name ?? '', email: email ?? '' },
          });
          return { Integration: toIntegrationDto(integration) };
        },
      ),
    );

  leafCommand(integrations, 'list', 'List integrations, of one application or enterprise or of all.')
    .option('--application <id>', 'only this application\'s')
    .option('--enterprise <id>', 'only this enterprise\'s')
    .action(
      againstDatabase(async (store, options: OutputOptions & { application?: string; enterprise?: string }) => ({
        Integrations: (await listIntegrations(store, { applicationId: options.application, enterpriseId: options.enterprise })).map(toIntegrationDto),
      })),
    );

  leafCommand(integrations, 'update', 'Enable or disable an integration (a disabled one\'s AccessToken answers 401).')
    .requiredOption('--id <id>', 'the integration\'s id')
    .requiredOption('--enabled <true|false>', 'enable or disable it', parseBoolean)
    .action(
      againstDatabase(async (store, options: IdOptions & { enabled: boolean }) => ({
        Integration: toIntegrationDto(await updateIntegration(store, { integrationId: options.id, isEnabled: options.enabled })),
      })),
    );

  const actions = [
    ['cancel', 'Cancel an integration: its AccessToken answers 401 until it is reinstated.', cancelIntegration],
    ['reinstate', 'Reinstate a canceled integration.', reinstateIntegration],
    ['regenerate-access-token', 'Replace an integration\'s AccessToken with a fresh one; the old one answers 401 at once.', regenerateIntegrationAccessToken],
  ] as const;
  for (const [name, description, run] of actions) {
    leafCommand(integrations, name, description)
      .requiredOption('--id <id>', 'the integration\'s id')
      .action(againstDatabase(async (store, options: IdOptions) => ({ Integration: toIntegrationDto(await run(store, options.id)) })));
  }

  leafCommand(integrations, 'remove', 'Remove an integration: its AccessToken answers 401, and the pair may be added again.')
    .requiredOption('--id <id>', 'the integration\'s id')
    .action(
      againstDatabase(async (store, options: IdOptions) => {
        await removeIntegration(store, options.id);
        return {};
      }),
    );

  return integrations;
}
