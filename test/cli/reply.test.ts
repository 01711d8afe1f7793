import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOneLineError, json, runCli } from '../helpers/cli.ts';
import { demo } from '../helpers/sandbox.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let threadId: string;
beforeAll(async () => {
  server = await startTestServer();
  const thread = await server.post('/api/connector/v1/messageThreads/add', { ...demo.a, OriginalSender: 'Guest', Subject: 'Parking' });
  threadId = thread.body.MessageThreads[0].Id;
});
afterAll(() => server?.close());

const cli = (args: string[]) => runCli(['reply', ...args, '--url', server.url], {});

describe('reply CLI', { timeout: 600_000 }, () => {
  it('adds a staff reply to a sandbox thread, which the integration then reads', async () => {
    const { Message } = json(await cli(['--thread', threadId, '--text', 'Parking is free.', '--json']));
    expect(Message).toMatchObject({ MessageThreadId: threadId, Text: 'Parking is free.', Sender: { Discriminator: 'Enterprise', Value: null } });
    const people = await cli(['--thread', threadId, '--text', 'In the garage.']);
    expect(people.code).toBe(0);
    expect(people.stdout).toMatch(/^Id +[0-9a-f-]{36}$/m);
    expect(people.stdout).toMatch(/^Text +In the garage\.$/m);
    const messages = await server.post('/api/connector/v1/messages/getAll', { ...demo.a, MessageThreadIds: [threadId], Limitation: { Count: 10 } });
    expect(messages.body.Messages.map((message: { Text: string }) => message.Text)).toEqual(['In the garage.', 'Parking is free.']);
  });

  it('answers errors with one line and exit code 1', async () => {
    expectOneLineError(await cli(['--thread', crypto.randomUUID(), '--text', 'Hello']), 'error: Invalid MessageThreadId');
    expectOneLineError(await cli(['--thread', threadId, '--text', '']), 'error: Invalid Text: must not be empty.');
    // A usage error, as of every top-level command: the line, then the command's help.
    const usage = await cli(['--text', 'Hello']);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toMatch(/^error: required option '--thread <id>' not specified\n\nUsage: connector-messaging reply/);
    const wrongToken = await runCli(['reply', '--thread', threadId, '--text', 'Hi', '--url', server.url, '--admin-token', 'wrong-token-0123456789'], {});
    expect(wrongToken.code).toBe(1);
    expect(wrongToken.stderr).toMatch(/^error: [^\n]+\n$/);
  });

  it('has --help listing its options', async () => {
    const help = await runCli(['reply', '--help'], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: connector-messaging reply [options]');
    for (const option of ['--thread <id>', '--text <text>', '--json', '--url', '--admin-token']) expect(help.stdout).toContain(option);
    expect((await runCli(['--help'], {})).stdout).toMatch(/^  reply /m);
  });
});
