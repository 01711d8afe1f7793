import { execFileSync, spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { SANDBOX_ADMIN_TOKEN } from '../../src/config/config.ts';
import { SANDBOX_STAFF, SANDBOX_STAFF_PASSWORD } from '../../src/store/sandbox-seed.ts';
import { CLI } from '../helpers/cli.ts';
import { eventually } from '../helpers/eventually.ts';
import { cleanEnvironment, spawnServer } from '../helpers/spawned-server.ts';

const CONFIGURED_ADMIN_TOKEN = 'configured-admin-token-0123456789';
/** util-linux's `script` gives the server a pseudo-terminal as its stdout. */
const hasScript = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/**
 * Runs `serve` with a terminal as stdout until `until` is in its output (or it exits), then ends it; resolves with
 * everything it wrote. Its own process group, so that ending `script` ends the server under it too.
 */
async function serveInTerminal(env: Record<string, string>, until: RegExp): Promise<string> {
  const child = spawn('script', ['-qec', `exec "${process.execPath}" "${CLI}" serve`, '/dev/null'], {
    env: { ...cleanEnvironment(), PORT: '0', DATABASE_URL: 'sqlite::memory:', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  try {
    await eventually(() => until.test(output) || child.exitCode !== null, Boolean, 60_000);
    // Whatever start-up writes after the address comes in the same turn: a moment more catches a stray line.
    await new Promise((resolve) => setTimeout(resolve, 300));
    return output.replaceAll('\r\n', '\n');
  } finally {
    if (child.exitCode === null) process.kill(-child.pid!, 'SIGTERM');
    await exited;
  }
}

describe.skipIf(!hasScript)('the start-up banner in a terminal', { timeout: 90_000 }, () => {
  it('shows, in sandbox mode, the URLs, the staff logins and the admin token, instead of the ready log lines', async () => {
    const output = await serveInTerminal({}, /demo credentials work as published: http:\/\/\S+\//);
    const url = /Console +(http:\/\/127\.0\.0\.1:\d+)\/console/.exec(output)?.[1];
    expect(url).toBeDefined();
    expect(output).toContain('connector-messaging is ready, in sandbox mode');
    for (const line of [
      `Connector API  ${url}/api/connector/v1/`,
      `Reference      ${url}/docs`,
      `Inbox          ${url}/inbox`,
      `Staff logins   ${SANDBOX_STAFF[0].email} / ${SANDBOX_STAFF_PASSWORD}`,
      `               ${SANDBOX_STAFF[1].email} / ${SANDBOX_STAFF_PASSWORD}`,
      `Admin token    ${SANDBOX_ADMIN_TOKEN}`,
    ]) {
      expect(output).toContain(`  ${line}\n`);
    }
    expect(output).not.toContain('"msg":"sandbox ready');
  });

  it('never prints a configured ADMIN_TOKEN', async () => {
    const output = await serveInTerminal({ ADMIN_TOKEN: CONFIGURED_ADMIN_TOKEN }, /demo credentials work as published/);
    expect(output).toContain('Admin token    the ADMIN_TOKEN you set');
    expect(output).not.toContain(CONFIGURED_ADMIN_TOKEN);
  });

  it('is not shown in production mode', async () => {
    const output = await serveInTerminal({ MODE: 'production' }, /admin API disabled/);
    expect(output).toContain('"msg":"admin API disabled: set ADMIN_TOKEN to enable it"');
    expect(output).not.toContain('connector-messaging is ready');
  });
});

describe('start-up when stdout is not a terminal', { timeout: 90_000 }, () => {
  it('writes JSON log lines only, the sandbox\'s among them', async () => {
    const server = await spawnServer();
    try {
      await eventually(() => server.output().includes('admin API at'));
      const lines = server.output().split('\n').filter((line) => line.trim() !== '');
      for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
      const messages = server.logLines().map((line) => line.msg as string);
      expect(messages).toContainEqual(expect.stringMatching(/^sandbox ready at http:\/\/127\.0\.0\.1:\d+/));
      expect(messages).toContainEqual(expect.stringContaining(`Authorization: Bearer ${SANDBOX_ADMIN_TOKEN}`));
      expect(server.output()).not.toContain('connector-messaging is ready');
    } finally {
      await server.dispose();
    }
  });
});
