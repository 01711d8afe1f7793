import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient, ok } from '../helpers/admin.ts';
import { expectOneLineError, json, record, runCli } from '../helpers/cli.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const UNKNOWN_ID = '6f1c2b7e-9d1a-4c55-8a0e-3b2f1d4c5e6a';
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

const cli = (args: string[]) => runCli(['clock', ...args, '--url', server.url], {});

describe('clock CLI', { timeout: 600_000 }, () => {
  it('sets, advances, gets and resumes a sandbox\'s clock on a running server', async () => {
    const { Sandbox } = await ok(adminClient(server)('sandboxes/add', { EnterpriseCount: 1 }));
    const sandbox = ['--sandbox', Sandbox.Id];
    expect(json(await cli(['set', ...sandbox, '--now', '2030-01-01T00:00:00Z', '--frozen', '--json']))).toEqual({
      Clock: { SandboxId: Sandbox.Id, NowUtc: '2030-01-01T00:00:00Z', Frozen: true, IsRealTime: false },
    });
    expect(json(await cli(['advance', ...sandbox, '--seconds', '90', '--json'])).Clock.NowUtc).toBe('2030-01-01T00:01:30Z');
    expect(record(await cli(['get', ...sandbox]))).toMatchObject({ NowUtc: '2030-01-01T00:01:30Z', Frozen: 'true' });
    expect(json(await cli(['set', ...sandbox, '--now', '2030-01-01T00:00:00Z', '--json'])).Clock).toMatchObject({ Frozen: false, IsRealTime: false });
    expect(json(await cli(['resume', ...sandbox, '--json'])).Clock).toMatchObject({ Frozen: false, IsRealTime: true });
  });

  it('answers errors with one line and exit code 1', async () => {
    const { Sandbox } = await ok(adminClient(server)('sandboxes/add', { EnterpriseCount: 1 }));
    expectOneLineError(await cli(['get', '--sandbox', UNKNOWN_ID]), 'error: Invalid SandboxId');
    expectOneLineError(await cli(['set', '--sandbox', Sandbox.Id, '--now', 'tomorrow']), 'error: Invalid NowUtc: expected YYYY-MM-DDThh:mm:ssZ.');
    expectOneLineError(await cli(['advance', '--sandbox', Sandbox.Id, '--seconds', 'many']), "error: option '--seconds <seconds>' argument 'many' is invalid. expected a whole number.");
    const zero = await cli(['advance', '--sandbox', Sandbox.Id, '--seconds', '0']);
    expect(zero.code).toBe(1);
    expect(zero.stderr).toMatch(/^error: Invalid Seconds[^\n]*\n$/);
    expectOneLineError(await cli(['resume']), "error: required option '--sandbox <id>' not specified");
  });

  it('has --help on every command, listing its options', async () => {
    const help = await runCli(['clock', '--help'], {});
    expect(help.code).toBe(0);
    for (const action of ['set', 'advance', 'resume', 'get']) {
      expect(help.stdout).toMatch(new RegExp(`^  ${action} `, 'm'));
      const leaf = await runCli(['clock', action, '--help'], { ADMIN_TOKEN: 'configured-secret-token-0123' });
      expect(leaf.code).toBe(0);
      expect(leaf.stdout).toContain(`Usage: connector-messaging clock ${action} [options]`);
      for (const option of ['--json', '--url', '--admin-token', '--sandbox']) expect(leaf.stdout).toContain(option);
      expect(leaf.stdout).not.toContain('configured-secret-token');
    }
  });
});
