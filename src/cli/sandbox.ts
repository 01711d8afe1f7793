import { Command, InvalidArgumentError } from 'commander';
import { formatResult } from './output.ts';

/** What every `sandbox` command takes: the server to talk to, and how to print its answer. */
interface ServerOptions {
  readonly url?: string;
  readonly adminToken?: string;
  readonly json?: boolean;
}

const DEFAULT_URL = 'http://127.0.0.1:8080';

function parseWholeNumber(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number.');
  return Number(value);
}

function leaf(parent: Command, name: string, description: string): Command {
  return parent
    .command(name)
    .description(description)
    .option('--url <url>', `the server; default: CONNECTOR_MESSAGING_URL, else ${DEFAULT_URL}`)
    // No default shown: help must never print a configured token.
    .option('--admin-token <token>', 'the admin API\'s bearer token; default: ADMIN_TOKEN, else the sandbox\'s')
    .option('--json', 'print the admin API\'s JSON answer instead of a table');
}

/**
 * The action of a `sandbox` command: posts `body(options)` to the admin API operation of a running server and prints
 * its answer, as JSON or for people. An error answer, or a server that cannot be reached, ends the process with exit
 * code 1 and one line on stderr.
 */
function againstServer<Options extends ServerOptions>(operation: string, body: (options: Options) => Record<string, unknown>) {
  return async (options: Options) => {
    try {
      const url = new URL(`/api/admin/v1/${operation}`, options.url ?? process.env.CONNECTOR_MESSAGING_URL ?? DEFAULT_URL);
      // Loaded only when a command runs, so that `--help` loads nothing.
      const token = options.adminToken ?? process.env.ADMIN_TOKEN ?? (await import('../config/config.ts')).SANDBOX_ADMIN_TOKEN;
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(body(options)),
        });
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause?.code ?? String(error);
        throw new Error(`could not reach ${url.origin}: ${cause}`);
      }
      const text = await response.text();
      const answer = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      if (!response.ok) throw new Error(typeof answer.Message === 'string' ? answer.Message : `${response.status} ${response.statusText}`);
      process.stdout.write(options.json ? `${JSON.stringify(answer, null, 2)}\n` : formatResult(answer));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`error: ${message.split('\n')[0]}\n`);
      process.exitCode = 1;
    }
  };
}

interface CreateOptions extends ServerOptions {
  name?: string;
  enterprises?: number;
  webhookUrl?: string;
  integrationWebhookUrl?: string;
  seed?: string;
  ttlMinutes?: number;
}

/** `sandbox …`: sandboxes on demand, through the admin API of a running server. */
export function sandboxCommands(): Command {
  const sandbox = new Command('sandbox').description(
    'Isolated sandboxes of test tenants on a running server (its admin API): create, list, reset, remove.',
  );

  leaf(sandbox, 'create', 'Create a sandbox and print its credentials: ClientToken, AccessTokens, staff sign-ins.')
    .option('--name <name>', 'its name')
    .option('--enterprises <count>', 'how many enterprises, 1 to 10 (2 by default)', parseWholeNumber)
    .option('--webhook-url <url>', 'where its application\'s general webhooks go')
    .option('--integration-webhook-url <url>', 'where its application\'s integration webhooks go')
    .option('--seed <seed>', 'kept with the sandbox (ids are not drawn from it yet)')
    .option('--ttl-minutes <minutes>', 'remove it this many minutes from now (1 to 10080; never by default)', parseWholeNumber)
    .action(
      againstServer('sandboxes/add', (options: CreateOptions) => ({
        Name: options.name,
        EnterpriseCount: options.enterprises,
        WebhookUrl: options.webhookUrl,
        IntegrationWebhookUrl: options.integrationWebhookUrl,
        Seed: options.seed,
        TimeToLiveMinutes: options.ttlMinutes,
      })),
    );

  leaf(sandbox, 'list', 'List every sandbox with its credentials, the demo one included.').action(againstServer('sandboxes/getAll', () => ({})));

  leaf(sandbox, 'reset', 'Delete what happened in a sandbox (threads, messages, deliveries, sessions); keep its credentials.')
    .requiredOption('--id <id>', 'the sandbox\'s id')
    .action(againstServer('sandboxes/reset', (options: ServerOptions & { id: string }) => ({ SandboxId: options.id })));

  leaf(sandbox, 'remove', 'Remove a sandbox and everything in it: its tokens answer 401 from then on.')
    .requiredOption('--id <id>', 'the sandbox\'s id')
    .action(againstServer('sandboxes/remove', (options: ServerOptions & { id: string }) => ({ SandboxId: options.id })));

  return sandbox;
}

/** `reply …`: the hotel's staff reply in a sandbox thread (sandboxMessages/add), with its MessageAdded webhook. */
export function replyCommand(program: Command): void {
  leaf(program, 'reply', 'Reply in a sandbox thread as the hotel\'s staff do in the inbox; its MessageAdded webhook fires.')
    .requiredOption('--thread <id>', 'the thread\'s id (MessageThreadId)')
    .requiredOption('--text <text>', 'the reply, as plain text')
    .action(
      againstServer('sandboxMessages/add', (options: ServerOptions & { thread: string; text: string }) => ({
        MessageThreadId: options.thread,
        Text: options.text,
      })),
    );
}
