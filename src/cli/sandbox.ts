import { Command, InvalidArgumentError } from 'commander';
import { formatResult } from './output.ts';

/** What every `sandbox` (and `fault`, `clock`) command takes: the server to talk to, and how to print its answer. */
export interface ServerOptions {
  readonly url?: string;
  readonly adminToken?: string;
  readonly json?: boolean;
}

const DEFAULT_URL = 'http://127.0.0.1:8080';

export function parseWholeNumber(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number.');
  return Number(value);
}

/** The options every command against a running server takes: `--url`, `--admin-token`, `--json`. */
export function withServerOptions(command: Command, json = 'print the admin API\'s JSON answer instead of a table'): Command {
  return command
    .option('--url <url>', `the server; default: CONNECTOR_MESSAGING_URL, else ${DEFAULT_URL}`)
    // No default shown: help must never print a configured token.
    .option('--admin-token <token>', 'the admin API\'s bearer token; default: ADMIN_TOKEN, else the sandbox\'s')
    .option('--json', json);
}

export function leaf(parent: Command, name: string, description: string): Command {
  return withServerOptions(parent.command(name).description(description));
}

/** Where the admin API of the server is, and its token, from the options or the environment. */
export async function adminConnection(options: ServerOptions): Promise<{ readonly url: (path: string) => URL; readonly authorization: string }> {
  const base = options.url ?? process.env.CONNECTOR_MESSAGING_URL ?? DEFAULT_URL;
  // Loaded only when a command runs, so that `--help` loads nothing.
  const token = options.adminToken ?? process.env.ADMIN_TOKEN ?? (await import('../config/config.ts')).SANDBOX_ADMIN_TOKEN;
  return { url: (path) => new URL(`/api/admin/v1/${path}`, base), authorization: `Bearer ${token}` };
}

/** `fetch`, with a server that cannot be reached said in one line. */
export async function fetchFrom(url: URL, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? String(error);
    throw new Error(`could not reach ${url.origin}: ${cause}`);
  }
}

/** An answer's JSON body; an error answer throws its message. */
export async function answerOf(response: Response): Promise<Record<string, unknown>> {
  const text = await response.text();
  const answer = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  if (!response.ok) throw new Error(typeof answer.Message === 'string' ? answer.Message : `${response.status} ${response.statusText}`);
  return answer;
}

/** Ends a command that failed: one line on stderr, exit code 1. */
export function reportFailure(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`error: ${message.split('\n')[0]}\n`);
  process.exitCode = 1;
}

/** Posts `body` to an admin API operation and resolves with its answer; an error answer throws its message. */
export async function postAdmin(options: ServerOptions, operation: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const admin = await adminConnection(options);
  const response = await fetchFrom(admin.url(operation), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: admin.authorization },
    body: JSON.stringify(body),
  });
  return answerOf(response);
}

/**
 * The action of a `sandbox` command: posts `body(options)` to the admin API operation of a running server and prints
 * its answer, as JSON or for people. An error answer, or a server that cannot be reached, ends the process with exit
 * code 1 and one line on stderr.
 */
export function againstServer<Options extends ServerOptions>(operation: string, body: (options: Options) => Record<string, unknown>) {
  return async (options: Options) => {
    try {
      const answer = await postAdmin(options, operation, body(options));
      process.stdout.write(options.json ? `${JSON.stringify(answer, null, 2)}\n` : formatResult(answer));
    } catch (error) {
      reportFailure(error);
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
    .option('--seed <seed>', 'draw the ids of its threads, messages and webhooks from this seed')
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
