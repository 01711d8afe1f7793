import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOneLineError, json, runCli, table } from '../helpers/cli.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const ADD_THREAD = '/api/connector/v1/messageThreads/add';
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

const cli = (args: string[], env: Record<string, string> = {}) => runCli(['fault', ...args, '--url', server.url], env);

async function addSandbox(): Promise<any> {
  const { Sandbox } = json(await runCli(['sandbox', 'create', '--enterprises', '2', '--seed', 'cli', '--json', '--url', server.url], {}));
  return Sandbox;
}

describe('fault CLI', { timeout: 600_000 }, () => {
  it('adds, lists and removes faults on a running server, with every option', async () => {
    const sandbox = await addSandbox();
    const credentials = { ClientToken: sandbox.ClientToken, AccessToken: sandbox.Enterprises[0].AccessToken, Client: 'CLI test 1.0' };
    const { Fault } = json(
      await cli(['add', '--sandbox', sandbox.Id, '--operation', 'messageThreads/add', '--status', '429', '--retry-after', '9', '--count', '1', '--json']),
    );
    expect(Fault).toMatchObject({ SandboxId: sandbox.Id, Operation: 'messageThreads/add', Status: 429, RetryAfterS: 9, Count: 1, FiredCount: 0 });
    const limited = await server.post(ADD_THREAD, { ...credentials, OriginalSender: 'Guest', Subject: 'Hello' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('9');

    const { Fault: every } = json(
      await cli([
        'add', '--sandbox', sandbox.Id, '--operation', '*', '--access-token', sandbox.Enterprises[1].AccessToken, '--drop', '--delay-ms', '5',
        '--probability', '0.5', '--after-commit', '--json',
      ]),
    );
    expect(every).toMatchObject({ Operation: '*', AccessToken: sandbox.Enterprises[1].AccessToken, Drop: true, DelayMs: 5, Probability: 0.5, AfterCommit: true, Count: null });

    const { Faults } = json(await cli(['list', '--sandbox', sandbox.Id, '--json']));
    expect(Faults).toEqual([{ ...Fault, FiredCount: 1 }, every]);
    const listed = table(await cli(['list', '--sandbox', sandbox.Id]));
    expect(listed[0]!.slice(0, 3)).toEqual(['Id', 'SandboxId', 'Operation']);
    expect(listed.slice(1).map((row) => row[0])).toEqual([Fault.Id, every.Id]);

    expect(await cli(['remove', '--id', Fault.Id])).toEqual({ code: 0, stdout: 'Done.\n', stderr: '' });
    expect(json(await cli(['list', '--sandbox', sandbox.Id, '--json'])).Faults).toEqual([every]);
  });

  it('answers errors with one line and exit code 1', async () => {
    const sandbox = await addSandbox();
    expectOneLineError(await cli(['add', '--sandbox', sandbox.Id, '--operation', '*']), 'error: Invalid Status: a fault must do something: give a Status, Drop or a DelayMs.');
    expectOneLineError(await cli(['add', '--sandbox', sandbox.Id, '--operation', '*', '--status', '500', '--drop']), 'error: Invalid Drop: a dropped connection has no Status; give one or the other.');
    expectOneLineError(await cli(['add', '--sandbox', sandbox.Id, '--operation', '*', '--status', 'many']), "error: option '--status <status>' argument 'many' is invalid. expected a whole number.");
    expectOneLineError(await cli(['add', '--sandbox', sandbox.Id, '--operation', '*', '--status', '500', '--probability', 'often']), "error: option '--probability <p>' argument 'often' is invalid. expected a number such as 0.25.");
    expectOneLineError(await cli(['add', '--operation', '*']), "error: required option '--sandbox <id>' not specified");
    expectOneLineError(await cli(['remove', '--id', '6f1c2b7e-9d1a-4c55-8a0e-3b2f1d4c5e6a']), 'error: Invalid FaultId');
  });

  it('has --help on every command, listing its options', async () => {
    const help = await runCli(['fault', '--help'], {});
    expect(help.code).toBe(0);
    for (const action of ['add', 'list', 'remove']) {
      expect(help.stdout).toMatch(new RegExp(`^  ${action} `, 'm'));
      const leaf = await runCli(['fault', action, '--help'], { ADMIN_TOKEN: 'configured-secret-token-0123' });
      expect(leaf.code).toBe(0);
      expect(leaf.stdout).toContain(`Usage: connector-messaging fault ${action} [options]`);
      for (const option of ['--json', '--url', '--admin-token']) expect(leaf.stdout).toContain(option);
      expect(leaf.stdout).not.toContain('configured-secret-token');
    }
    const add = await runCli(['fault', 'add', '--help'], {});
    for (const option of ['--sandbox', '--operation', '--access-token', '--status', '--retry-after', '--delay-ms', '--drop', '--count', '--probability', '--after-commit']) {
      expect(add.stdout).toContain(option);
    }
  });
});
