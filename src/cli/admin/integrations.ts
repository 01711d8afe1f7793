import { Command } from 'commander';
import { addIntegration, listIntegrations, updateIntegration } from '../../domain/integrations.ts';
import { toIntegrationDto, toIntegrationWithSecretDto } from '../../http/shared/schemas/integration.ts';
import { leafCommand, againstDatabase, parseBoolean, type OutputOptions } from './command.ts';

export function integrationsCommand(): Command {
  const integrations = new Command('integrations').description('Integrations (applications): add, list, update.');

  leafCommand(integrations, 'add', 'Add an enabled integration with a fresh ClientToken.')
    .requiredOption('--name <name>', 'its name')
    .option('--webhook-url <url>', 'absolute http(s) URL for its webhooks')
    .action(
      againstDatabase(async (store, options: OutputOptions & { name: string; webhookUrl?: string }) => ({
        Integration: toIntegrationWithSecretDto(await addIntegration(store, { name: options.name, webhookUrl: options.webhookUrl })),
      })),
    );

  leafCommand(integrations, 'list', 'List every integration with its ClientToken.').action(
    againstDatabase(async (store) => ({ Integrations: (await listIntegrations(store)).map(toIntegrationDto) })),
  );

  leafCommand(integrations, 'update', 'Rename an integration, set or remove its webhook URL, enable or disable it.')
    .requiredOption('--id <id>', 'the integration\'s id')
    .option('--name <name>', 'its new name')
    .option('--webhook-url <url>', 'absolute http(s) URL for its webhooks')
    .option('--no-webhook-url', 'remove its webhook URL')
    .option('--enabled <true|false>', 'enable or disable it (a disabled integration\'s tokens answer 401)', parseBoolean)
    .option('--rotate-webhook-secret', 'replace its webhook signing secret and show the new one')
    .action(
      againstDatabase(
        async (
          store,
          options: OutputOptions & { id: string; name?: string; webhookUrl?: string | false; enabled?: boolean; rotateWebhookSecret?: boolean },
        ) => {
          const integration = await updateIntegration(store, {
            integrationId: options.id,
            name: options.name,
            webhookUrl: options.webhookUrl === false ? null : options.webhookUrl,
            isEnabled: options.enabled,
            rotateWebhookSecret: options.rotateWebhookSecret,
          });
          return { Integration: options.rotateWebhookSecret ? toIntegrationWithSecretDto(integration) : toIntegrationDto(integration) };
        },
      ),
    );

  return integrations;
}
