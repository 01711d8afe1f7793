import { describe, expect, it } from 'vitest';
import { expectOneLineError, runCli } from '../helpers/cli.ts';

const COMMANDS = {
  enterprises: ['add', 'list', 'update'],
  applications: ['add', 'list', 'update'],
  integrations: ['add', 'list', 'update', 'cancel', 'reinstate', 'regenerate-access-token', 'remove'],
  'portfolio-access-tokens': ['add', 'list', 'revoke'],
  staff: ['add', 'list', 'remove'],
};

// Help and usage errors need no database: none is configured, and none may be created.
const env = { DATABASE_URL: 'sqlite:/nonexistent-folder/never-created.sqlite' };

describe('admin CLI: help and usage errors', { timeout: 600_000 }, () => {
  it('has --help on every command, listing its options', async () => {
    const admin = await runCli(['admin', '--help'], env);
    expect(admin.code).toBe(0);
    for (const resource of Object.keys(COMMANDS)) expect(admin.stdout).toMatch(new RegExp(`^  ${resource} `, 'm'));

    const leaves = Object.entries(COMMANDS).flatMap(([resource, actions]) => actions.map((action) => [resource, action]));
    const results = await Promise.all(
      [...Object.keys(COMMANDS).map((resource) => [resource]), ...leaves].map(async (words) => ({
        words,
        result: await runCli(['admin', ...words, '--help'], env),
      })),
    );
    for (const { words, result } of results) {
      expect(result.code, words.join(' ')).toBe(0);
      expect(result.stdout, words.join(' ')).toContain(`Usage: connector-messaging admin ${words.join(' ')} [options]`);
      if (words.length === 1) {
        for (const action of COMMANDS[words[0] as keyof typeof COMMANDS]) expect(result.stdout).toMatch(new RegExp(`^  ${action} `, 'm'));
      } else {
        expect(result.stdout, words.join(' ')).toContain('--json');
      }
    }
  });

  it('answers a usage error with one line and exit code 1', async () => {
    expectOneLineError(await runCli(['admin', 'enterprises', 'add'], env), "error: required option '--name <name>' not specified");
    expectOneLineError(
      await runCli(['admin', 'enterprises', 'update', '--id', 'x', '--enabled', 'maybe'], env),
      "error: option '--enabled <true|false>' argument 'maybe' is invalid. expected true or false.",
    );
    expectOneLineError(await runCli(['admin', 'integrations', 'add', '--application', 'x'], env), "error: required option '--enterprise <id>' not specified");
    expectOneLineError(
      await runCli(['admin', 'portfolio-access-tokens', 'add', '--application', 'x'], env),
      "error: required option '--enterprise <id>' not specified",
    );
    expectOneLineError(await runCli(['admin', 'integrations', 'update', '--id', 'x'], env), "error: required option '--enabled <true|false>' not specified");
    expectOneLineError(await runCli(['admin', 'enterprises', 'add', '--name', 'x', '--colour', 'red'], env), "error: unknown option '--colour'");
  });

  it('answers an invalid environment with one line and exit code 2', async () => {
    const result = await runCli(['admin', 'enterprises', 'list'], { ...env, ADMIN_TOKEN: 'short' });
    expect(result).toEqual({ code: 2, stdout: '', stderr: expect.stringMatching(/^Invalid environment variable ADMIN_TOKEN=\(hidden\): [^\n]+\n$/) });
  });
});
