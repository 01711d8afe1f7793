import { Command } from 'commander';
import { addApplication, listApplications, updateApplication } from '../../domain/applications.ts';
import { toApplicationDto, toApplicationWithSecretDto } from '../../http/shared/schemas/application.ts';
import { leafCommand, againstDatabase, parseBoolean, type OutputOptions } from './command.ts';

export function applicationsCommand(): Command {
  const applications = new Command('applications').description('Client applications: add, list, update.');

  leafCommand(applications, 'add', 'Add an enabled application with a fresh ClientToken.')
    .requiredOption('--name <name>', 'its name')
    .option('--webhook-url <url>', 'absolute http(s) URL for its general webhooks')
    .option('--integration-webhook-url <url>', 'absolute http(s) URL for its integration webhooks')
    .action(
      againstDatabase(async (store, options: OutputOptions & { name: string; webhookUrl?: string; integrationWebhookUrl?: string }) => ({
        Application: toApplicationWithSecretDto(
          await addApplication(store, { name: options.name, webhookUrl: options.webhookUrl, integrationWebhookUrl: options.integrationWebhookUrl }),
        ),
      })),
    );

  leafCommand(applications, 'list', 'List every application with its ClientToken.').action(
    againstDatabase(async (store) => ({ Applications: (await listApplications(store)).map(toApplicationDto) })),
  );

  leafCommand(applications, 'update', 'Rename an application, set or remove its webhook URLs, enable or disable it.')
    .requiredOption('--id <id>', 'the application\'s id')
    .option('--name <name>', 'its new name')
    .option('--webhook-url <url>', 'absolute http(s) URL for its general webhooks')
    .option('--no-webhook-url', 'remove its general webhook URL')
    .option('--integration-webhook-url <url>', 'absolute http(s) URL for its integration webhooks')
    .option('--no-integration-webhook-url', 'remove its integration webhook URL')
    .option('--enabled <true|false>', 'enable or disable it (a disabled application\'s tokens answer 401)', parseBoolean)
    .option('--rotate-webhook-secret', 'replace its webhook signing secret and show the new one')
    .action(
      againstDatabase(
        async (
          store,
          options: OutputOptions & {
            id: string;
            name?: string;
            webhookUrl?: string | false;
            integrationWebhookUrl?: string | false;
            enabled?: boolean;
            rotateWebhookSecret?: boolean;
          },
        ) => {
          const application = await updateApplication(store, {
            applicationId: options.id,
            name: options.name,
            webhookUrl: options.webhookUrl === false ? null : options.webhookUrl,
            integrationWebhookUrl: options.integrationWebhookUrl === false ? null : options.integrationWebhookUrl,
            isEnabled: options.enabled,
            rotateWebhookSecret: options.rotateWebhookSecret,
          });
          return { Application: options.rotateWebhookSecret ? toApplicationWithSecretDto(application) : toApplicationDto(application) };
        },
      ),
    );

  return applications;
}
