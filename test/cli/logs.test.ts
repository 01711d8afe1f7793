import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, expectOneLineError, runCli } from '../helpers/cli.ts';
import { eventually } from '../helpers/eventually.ts';
import { demo } from '../helpers/sandbox.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const ADD_THREAD = '/api/connector/v1/messageThreads/add';
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

const logs = (args: string[]) => runCli(['logs', ...args, '--url', server.url], {});

async function addThread(credentials: object = demo.a) {
  const response = await server.post(ADD_THREAD, { ...credentials, OriginalSender: 'Guest', Subject: 'Hello' });
  expect(response.status, response.text).toBe(200);
  return response.headers.get('request-id')!;
}

/** The entries of the demo sandbox once there are `count`. */
async function recorded(count: number, sandboxId?: string) {
  return eventually(
    async () => (await logs(['--json', ...(sandboxId ? ['--sandbox', sandboxId] : [])])).stdout.trim().split('\n').filter(Boolean),
    (lines) => lines.length >= count,
  );
}

describe('logs CLI', { timeout: 600_000 }, () => {
  it('prints the newest requests of the demo sandbox, oldest of them first: time, operation, status, duration, Request-Id', async () => {
    const first = await addThread();
    const second = await addThread();
    await recorded(2);
    const printed = await logs([]);
    expect(printed.code).toBe(0);
    expect(printed.stderr).toBe('');
    const lines = printed.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z  messageThreads/add +200 +[\\d.]+ ms  ${first}$`));
    expect(lines[1]).toMatch(new RegExp(` 200 +[\\d.]+ ms  ${second}$`));
    expect(printed.stdout).not.toContain(demo.a.AccessToken);

    const one = await logs(['--count', '1', '--json']);
    const entry = JSON.parse(one.stdout);
    expect(entry).toMatchObject({ RequestId: second, Operation: 'messageThreads/add', Status: 200 });
    expect(entry.RequestBody.AccessToken).toBe(`••••${demo.a.AccessToken.slice(-4)}`);
  });

  it('prints another sandbox\'s requests with --sandbox', async () => {
    const created = await runCli(['sandbox', 'create', '--json', '--url', server.url], {});
    const { Sandbox } = JSON.parse(created.stdout);
    const id = await addThread({ ClientToken: Sandbox.ClientToken, AccessToken: Sandbox.Enterprises[0].AccessToken, Client: 'CLI 1.0' });
    const lines = await recorded(1, Sandbox.Id);
    expect(lines.map((line) => JSON.parse(line).RequestId)).toEqual([id]);
  });

  it('follows new requests with --follow', async () => {
    await addThread();
    await recorded(1);
    const child = spawn(process.execPath, [CLI, 'logs', '--follow', '--count', '1', '--url', server.url], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    try {
      const before = await eventually(() => stdout.split('\n').filter(Boolean), (lines) => lines.length > 0);
      expect(before).toHaveLength(1);
      const id = await addThread();
      await eventually(() => stdout.includes(id));
      expect(stdout.trim().split('\n')).toHaveLength(2);
      expect(child.exitCode).toBeNull();
    } finally {
      child.kill();
    }
  });

  it('answers errors with one line and exit code 1', async () => {
    expectOneLineError(await logs(['--sandbox', '6f1c2b7e-9d1a-4c55-8a0e-3b2f1d4c5e6a']), 'error: Invalid SandboxId');
    expectOneLineError(await logs(['--sandbox', '6f1c2b7e-9d1a-4c55-8a0e-3b2f1d4c5e6a', '--follow']), 'error: Invalid SandboxId');
    expectOneLineError(await logs(['--count', '0']), "error: option '--count <count>' argument '0' is invalid. expected a whole number from 1 to 1000.");
    const wrongToken = await runCli(['logs', '--url', server.url, '--admin-token', 'wrong-token-0123456789'], {});
    expect(wrongToken.code).toBe(1);
    expect(wrongToken.stderr).toMatch(/^error: [^\n]+\n$/);
  });

  it('has --help listing its options', async () => {
    const help = await runCli(['logs', '--help'], { ADMIN_TOKEN: 'configured-secret-token-0123' });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: connector-messaging logs [options]');
    for (const option of ['--follow', '--sandbox <id>', '--json', '--count <count>', '--url <url>', '--admin-token <token>']) expect(help.stdout).toContain(option);
    expect(help.stdout).not.toContain('configured-secret-token-0123');
  });
});
