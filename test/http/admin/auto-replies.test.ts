import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADD_THREAD, adminClient, expectError, ok, type AdminCall } from '../../helpers/admin.ts';
import { eventually } from '../../helpers/eventually.ts';
import { createTestDatabase, postJson, startTestServer, type TestServer } from '../../helpers/server.ts';
import { spawnServer } from '../../helpers/spawned-server.ts';
import { messageIdsOf, startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver.ts';

const CONNECTOR = '/api/connector/v1';
const FAST = { WEBHOOK_POLL_INTERVAL_MS: '20', WEBHOOK_RETRY_INITIAL_MS: '20', WEBHOOK_RETRY_MAX_MS: '100', WEBHOOK_TIMEOUT_MS: '1000' };
const UNKNOWN_ID = '5b0e3c5e-8d6f-4c36-9a59-4f3a3c1d2e10';

function as(sandbox: any) {
  return { ClientToken: sandbox.ClientToken, AccessToken: sandbox.Enterprises[0].AccessToken, Client: 'Sandbox test 1.0' };
}

/** A started server, in this process or its own. */
type Server = { readonly url: string };

async function guestWrites(server: Server, credentials: object, threadId: string | null, text: string): Promise<string> {
  let id = threadId;
  if (id === null) {
    const thread = await postJson(server.url, ADD_THREAD, { ...credentials, OriginalSender: 'Guest', Subject: 'Late arrival' });
    expect(thread.status, thread.text).toBe(200);
    id = thread.body.MessageThreads[0].Id as string;
  }
  const added = await postJson(server.url, `${CONNECTOR}/messages/add`, { ...credentials, Messages: [{ MessageThreadId: id, Text: text }] });
  expect(added.status, added.text).toBe(200);
  return id;
}

async function messagesOf(server: Server, credentials: object, threadId: string): Promise<any[]> {
  const response = await postJson(server.url, `${CONNECTOR}/messages/getAll`, { ...credentials, MessageThreadIds: [threadId], Limitation: { Count: 100 } });
  expect(response.status, response.text).toBe(200);
  return response.body.Messages;
}

const replies = (messages: any[]) => messages.filter((m) => m.Sender.Discriminator === 'Enterprise');

describe('autoReplies', () => {
  let server: TestServer;
  let admin: AdminCall;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    server = await startTestServer(FAST);
    admin = adminClient(server);
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await server?.close();
    await receiver?.close();
  });
  const addSandbox = async (body: object = {}) => (await ok(admin('sandboxes/add', { EnterpriseCount: 1, ...body }))).Sandbox;

  it('are added, listed and removed', async () => {
    const sandbox = await addSandbox();
    const { AutoReply } = await ok(admin('autoReplies/add', { SandboxId: sandbox.Id, Text: 'Thanks, we are on it.', DelayMs: 1500 }));
    expect(AutoReply).toEqual({ Id: expect.stringMatching(/^[0-9a-f-]{36}$/), SandboxId: sandbox.Id, Text: 'Thanks, we are on it.', DelayMs: 1500 });
    expect(await ok(admin('autoReplies/getAll', { SandboxId: sandbox.Id }))).toEqual({ AutoReplies: [AutoReply] });
    expect(await ok(admin('autoReplies/getAll', { SandboxId: (await addSandbox()).Id }))).toEqual({ AutoReplies: [] });
    expect(await ok(admin('autoReplies/remove', { AutoReplyId: AutoReply.Id }))).toEqual({});
    expect(await ok(admin('autoReplies/getAll', { SandboxId: sandbox.Id }))).toEqual({ AutoReplies: [] });
    expectError(await admin('autoReplies/remove', { AutoReplyId: AutoReply.Id }), 400, /^Invalid AutoReplyId/);
  });

  it.each([
    ['a DelayMs below 0', { DelayMs: -1 }, 'DelayMs'],
    ['a DelayMs above 600000', { DelayMs: 600_001 }, 'DelayMs'],
    ['a DelayMs that is no whole number', { DelayMs: 1.5 }, 'DelayMs'],
    ['no DelayMs', { DelayMs: undefined }, 'DelayMs'],
    ['a blank Text', { Text: '  ' }, 'Text'],
    ['a Text too long', { Text: 'x'.repeat(10_001) }, 'Text'],
    ['an unknown SandboxId', { SandboxId: UNKNOWN_ID }, 'SandboxId'],
  ])('refuse %s with 400 and add nothing', async (_case, change, parameter) => {
    const sandbox = await addSandbox();
    expectError(await admin('autoReplies/add', { SandboxId: sandbox.Id, Text: 'Hi', DelayMs: 0, ...change }), 400, new RegExp(`^Invalid ${parameter}`));
    expect(await ok(admin('autoReplies/getAll', { SandboxId: sandbox.Id }))).toEqual({ AutoReplies: [] });
  });

  it('answer every guest message of the sandbox with a staff reply and its MessageAdded webhook', async () => {
    const sandbox = await addSandbox({ WebhookUrl: `${receiver.origin}/auto` });
    await ok(admin('autoReplies/add', { SandboxId: sandbox.Id, Text: 'We will get back to you shortly.', DelayMs: 0 }));
    const threadId = await guestWrites(server, as(sandbox), null, 'Can I check in early?');
    const [reply] = replies(await eventually(() => messagesOf(server, as(sandbox), threadId), (messages) => replies(messages).length > 0));
    expect(reply).toMatchObject({ MessageThreadId: threadId, Text: 'We will get back to you shortly.', Sender: { Discriminator: 'Enterprise', Value: null } });
    await eventually(() => receiver.received.flatMap(messageIdsOf), (ids) => ids.includes(reply.Id));
  });

  it('do not answer the staff replies, nor messages of other sandboxes, and go with a reset', async () => {
    const sandbox = await addSandbox();
    const other = await addSandbox();
    await ok(admin('autoReplies/add', { SandboxId: sandbox.Id, Text: 'Auto', DelayMs: 0 }));
    const threadId = await guestWrites(server, as(sandbox), null, 'Hello');
    await eventually(() => messagesOf(server, as(sandbox), threadId), (messages) => replies(messages).length > 0);
    await ok(admin('sandboxMessages/add', { MessageThreadId: threadId, Text: 'A human reply' }));
    // A later guest message, answered: by then the staff reply would have been answered too.
    await guestWrites(server, as(sandbox), threadId, 'Thanks');
    const messages = await eventually(() => messagesOf(server, as(sandbox), threadId), (all) => replies(all).length >= 3);
    expect(messages.map((m) => m.Text).reverse()).toEqual(['Hello', 'Auto', 'A human reply', 'Thanks', 'Auto']);

    const otherThread = await guestWrites(server, as(other), null, 'Hello');
    await ok(admin('sandboxMessages/add', { MessageThreadId: otherThread, Text: 'Marker' }));
    expect(replies(await messagesOf(server, as(other), otherThread)).map((m) => m.Text)).toEqual(['Marker']);

    await ok(admin('sandboxes/reset', { SandboxId: sandbox.Id }));
    expect(await ok(admin('autoReplies/getAll', { SandboxId: sandbox.Id }))).toEqual({ AutoReplies: [] });
  });

  it('go with their sandbox, those still due included', async () => {
    const sandbox = await addSandbox();
    const { AutoReply } = await ok(admin('autoReplies/add', { SandboxId: sandbox.Id, Text: 'Later', DelayMs: 600_000 }));
    await guestWrites(server, as(sandbox), null, 'Hello');
    expect(await ok(admin('sandboxes/remove', { SandboxId: sandbox.Id }))).toEqual({});
    expectError(await admin('autoReplies/getAll', { SandboxId: sandbox.Id }), 400, /^Invalid SandboxId/);
    expectError(await admin('autoReplies/remove', { AutoReplyId: AutoReply.Id }), 400, /^Invalid AutoReplyId/);
  });
});

describe('autoReplies with two server processes over one database', () => {
  it('send each reply once', async () => {
    const database = await createTestDatabase();
    const first = await spawnServer(database.env);
    const second = await spawnServer(database.env);
    try {
      const admin = adminClient(first);
      const sandbox = (await ok(admin('sandboxes/add', { EnterpriseCount: 1 }))).Sandbox;
      await ok(admin('autoReplies/add', { SandboxId: sandbox.Id, Text: 'Once', DelayMs: 0 }));
      const threads = [];
      for (let i = 0; i < 5; i++) threads.push(await guestWrites(i % 2 ? first : second, as(sandbox), null, `Guest ${i}`));
      for (const threadId of threads) {
        await eventually(() => messagesOf(first, as(sandbox), threadId), (messages) => replies(messages).length > 0);
      }
      // A last message answered: both processes have polled since the first replies were due.
      const last = await guestWrites(second, as(sandbox), threads[0]!, 'One more');
      await eventually(() => messagesOf(first, as(sandbox), last), (messages) => replies(messages).length >= 2);
      for (const threadId of threads) {
        expect(replies(await messagesOf(second, as(sandbox), threadId))).toHaveLength(threadId === last ? 2 : 1);
      }
    } finally {
      await first.dispose();
      await second.dispose();
      await database.drop();
    }
  }, 60_000);
});
