import { spawn, type ChildProcess } from 'node:child_process';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { adminClient, ok } from '../helpers/admin.ts';
import { CLI, expectOneLineError, runCli } from '../helpers/cli.ts';
import * as connector from '../helpers/connector.ts';
import { eventually } from '../helpers/eventually.ts';
import { demo, demoApplicationId } from '../helpers/sandbox.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { messageIdsOf, startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.ts';

const DEMO_SANDBOX_ID = '00000000-0000-4000-8000-00000000de70';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ WEBHOOK_POLL_INTERVAL_MS: '20' });
});
afterAll(() => server?.close());

interface Listening {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  readonly exited: Promise<number | null>;
}

/** `connector-messaging listen …` running against the test server, until the test signals it. */
function startListen(args: string[]): Listening {
  const child = spawn(process.execPath, [CLI, 'listen', ...args, '--url', server.url], { stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

const jsonLines = (text: string) => text.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line));

async function urlsOf(applicationId: string) {
  const { Applications } = await ok(adminClient(server)('applications/getAll', {}));
  const { WebhookUrl, IntegrationWebhookUrl } = Applications.find((application: any) => application.Id === applicationId);
  return { WebhookUrl, IntegrationWebhookUrl };
}

describe('listen CLI', { timeout: 120_000 }, () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  async function receiver(): Promise<WebhookReceiver> {
    const started = await startWebhookReceiver();
    cleanups.push(() => started.close());
    return started;
  }
  function listening(args: string[]): Listening {
    const started = startListen(args);
    cleanups.push(async () => {
      started.child.kill('SIGKILL');
      await started.exited;
    });
    return started;
  }

  it('forwards the demo sandbox\'s webhooks, prints the secret and each delivery, and restores the URLs on SIGINT', async () => {
    const hook = await receiver();
    const before = await urlsOf(demoApplicationId);
    const target = `${hook.origin}/local`;
    const listen = listening(['--forward-to', target, '--json']);
    const [ready] = await eventually(() => jsonLines(listen.stdout()), (lines) => lines.length > 0);
    const { Sandboxes } = await ok(adminClient(server)('sandboxes/getAll', {}));
    const demoSandbox = Sandboxes.find((sandbox: any) => sandbox.Id === DEMO_SANDBOX_ID);
    expect(ready).toEqual({ Ready: true, SandboxId: DEMO_SANDBOX_ID, ApplicationId: demoApplicationId, ForwardTo: target, WebhookSecret: demoSandbox.WebhookSecret });
    expect(await urlsOf(demoApplicationId)).toEqual({ WebhookUrl: target, IntegrationWebhookUrl: target });

    const thread = await connector.addThread(server, demo.a);
    const [message] = await connector.addMessages(server, demo.a, connector.messagesFor(thread.Id, 1));
    const [request] = await hook.waitFor(1);
    expect(request!.path).toBe('/local');
    expect(messageIdsOf(request!)).toEqual([message!.Id]);
    // Signed with the secret it printed.
    expect(() => new Webhook(ready.WebhookSecret).verify(request!.body, request!.headers as Record<string, string>)).not.toThrow();

    const lines = await eventually(() => jsonLines(listen.stdout()), (all) => all.length >= 2);
    expect(lines[1]).toEqual({
      DeliveryId: request!.headers['webhook-id'],
      Kind: 'MessageAdded',
      Event: 'MessageAdded',
      MessageIds: [message!.Id],
      AttemptedUtc: expect.any(String),
      StatusCode: 200,
      Error: null,
      DurationMs: expect.any(Number),
    });

    listen.child.kill('SIGINT');
    expect(await listen.exited).toBe(0);
    expect(jsonLines(listen.stdout()).at(-1)).toEqual({ Restored: true, ...before });
    expect(listen.stderr()).toBe('');
    expect(await urlsOf(demoApplicationId)).toEqual(before);
  });

  it('follows another sandbox\'s integration webhooks in text, and restores its URLs on SIGTERM', async () => {
    const hook = await receiver();
    const admin = adminClient(server);
    const { Sandbox } = await ok(admin('sandboxes/add', { EnterpriseCount: 1, WebhookUrl: 'https://example.com/hooks' }));
    const { Applications } = await ok(admin('applications/getAll', {}));
    const applicationId = Applications.find((application: any) => application.ClientToken === Sandbox.ClientToken).Id;
    const listen = listening(['--forward-to', `${hook.origin}/local`, '--sandbox', Sandbox.Id]);
    await eventually(() => listen.stdout(), (text) => text.includes('Press Ctrl-C'));
    expect(listen.stdout()).toContain(`Your webhook signing secret is ${Sandbox.WebhookSecret}\n`);

    await ok(admin('integrations/update', { IntegrationId: Sandbox.Enterprises[0].IntegrationId, IsEnabled: false }));
    await hook.waitFor(1);
    const line = await eventually(
      () => listen.stdout().split('\n').find((text) => text.includes('IntegrationDisabled')),
      (found) => found !== undefined,
    );
    expect(line).toMatch(/^\S+Z {2}Integration +IntegrationDisabled +200 {2}\d+ ms {2}[0-9a-f-]{36}$/);

    listen.child.kill('SIGTERM');
    expect(await listen.exited).toBe(0);
    expect(await urlsOf(applicationId)).toEqual({ WebhookUrl: 'https://example.com/hooks', IntegrationWebhookUrl: null });
  });

  it('answers an unknown sandbox with one line and exit code 1, and has --help', async () => {
    const unknown = '5b0e3c5e-8d6f-4c36-9a59-4f3a3c1d2e10';
    const failed = await runCli(['listen', '--forward-to', 'http://127.0.0.1:9/x', '--sandbox', unknown, '--url', server.url], {});
    expectOneLineError(failed, `error: no sandbox ${unknown}`);
    const help = await runCli(['listen', '--help'], {});
    expect(help.code).toBe(0);
    for (const option of ['--forward-to', '--sandbox', '--json', '--url', '--admin-token']) expect(help.stdout).toContain(option);
  });
});
