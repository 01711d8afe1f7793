import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOneLineError, json, runCli, table } from '../helpers/cli.ts';
import { startTestServer, unusedPort, type TestServer } from '../helpers/server.ts';

const DEMO_SANDBOX_ID = '00000000-0000-4000-8000-00000000de70';
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

const cli = (args: string[]) => runCli(['sandbox', ...args, '--url', server.url], {});

describe('sandbox CLI', { timeout: 600_000 }, () => {
  it('creates, lists, resets and removes sandboxes on a running server', async () => {
    const { Sandbox } = json(await cli(['create', '--name', 'CI job', '--enterprises', '3', '--ttl-minutes', '30', '--seed', 's1', '--json']));
    expect(Sandbox).toMatchObject({ Name: 'CI job', Seed: 's1', ExpiresUtc: expect.any(String) });
    expect(Sandbox.Enterprises).toHaveLength(3);
    const thread = await server.post('/api/connector/v1/messageThreads/add', {
      ClientToken: Sandbox.ClientToken,
      AccessToken: Sandbox.Enterprises[0].AccessToken,
      Client: 'CLI test 1.0',
      OriginalSender: 'Guest',
      Subject: 'Hello',
    });
    expect(thread.status, thread.text).toBe(200);

    const { Sandboxes } = json(await cli(['list', '--json']));
    expect(Sandboxes.map((s: any) => s.Id)).toEqual([DEMO_SANDBOX_ID, Sandbox.Id]);
    const listed = table(await cli(['list']));
    expect(listed[0]!.slice(0, 2)).toEqual(['Id', 'Name']);
    expect(listed.map((row) => row[0])).toEqual(['Id', DEMO_SANDBOX_ID, Sandbox.Id]);

    expect(json(await cli(['reset', '--id', Sandbox.Id, '--json'])).Sandbox).toEqual(Sandbox);
    const removed = await cli(['remove', '--id', Sandbox.Id]);
    expect(removed).toEqual({ code: 0, stdout: 'Done.\n', stderr: '' });
    expect(json(await cli(['list', '--json'])).Sandboxes.map((s: any) => s.Id)).toEqual([DEMO_SANDBOX_ID]);
  });

  it('answers errors with one line and exit code 1', async () => {
    expectOneLineError(await cli(['remove', '--id', DEMO_SANDBOX_ID]), 'error: Invalid SandboxId: the demo sandbox cannot be removed; reset it instead.');
    expectOneLineError(await cli(['reset', '--id', '6f1c2b7e-9d1a-4c55-8a0e-3b2f1d4c5e6a']), 'error: Invalid SandboxId');
    expectOneLineError(await cli(['create', '--enterprises', '11']), 'error: Invalid EnterpriseCount: must be <= 10.');
    const wrongToken = await runCli(['sandbox', 'list', '--url', server.url, '--admin-token', 'wrong-token-0123456789'], {});
    expect(wrongToken.code).toBe(1);
    expect(wrongToken.stderr).toMatch(/^error: [^\n]+\n$/);
    const port = await unusedPort();
    expectOneLineError(await runCli(['sandbox', 'list', '--url', `http://127.0.0.1:${port}`], {}), `error: could not reach http://127.0.0.1:${port}: ECONNREFUSED`);
    expectOneLineError(await cli(['create', '--enterprises', 'many']), "error: option '--enterprises <count>' argument 'many' is invalid. expected a whole number.");
    expectOneLineError(await cli(['reset']), "error: required option '--id <id>' not specified");
  });

  it('has --help on every command, listing its options', async () => {
    const help = await runCli(['sandbox', '--help'], {});
    expect(help.code).toBe(0);
    for (const action of ['create', 'list', 'reset', 'remove']) {
      expect(help.stdout).toMatch(new RegExp(`^  ${action} `, 'm'));
      const leaf = await runCli(['sandbox', action, '--help'], { ADMIN_TOKEN: 'configured-secret-token-0123' });
      expect(leaf.code).toBe(0);
      expect(leaf.stdout).toContain(`Usage: connector-messaging sandbox ${action} [options]`);
      for (const option of ['--json', '--url', '--admin-token']) expect(leaf.stdout).toContain(option);
      expect(leaf.stdout).not.toContain('configured-secret-token');
    }
  });
});
