import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADD_THREAD, adminClient, createTenant, credentials, expectError, ok, type AdminCall } from '../../helpers/admin.ts';
import { demo } from '../../helpers/sandbox.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';
import { messageIdsOf, startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver.ts';
import { openEventStream, signIn } from '../enterprise/staff-client.ts';

const CONNECTOR = '/api/connector/v1';
const FAST = { WEBHOOK_POLL_INTERVAL_MS: '20', WEBHOOK_RETRY_INITIAL_MS: '20', WEBHOOK_RETRY_MAX_MS: '100', WEBHOOK_TIMEOUT_MS: '1000' };
const UNKNOWN_ID = '5b0e3c5e-8d6f-4c36-9a59-4f3a3c1d2e10';

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

function as(sandbox: any) {
  return { ClientToken: sandbox.ClientToken, AccessToken: sandbox.Enterprises[0].AccessToken, Client: 'Sandbox test 1.0' };
}

async function addThread(credentials: object): Promise<any> {
  const response = await server.post(ADD_THREAD, { ...credentials, OriginalSender: 'Guest', Subject: 'Late arrival' });
  expect(response.status, response.text).toBe(200);
  return response.body.MessageThreads[0];
}

async function threadSeen(credentials: object, id: string): Promise<any> {
  const response = await server.post(`${CONNECTOR}/messageThreads/getAll`, { ...credentials, MessageThreadIds: [id], Limitation: { Count: 10 } });
  expect(response.status, response.text).toBe(200);
  return response.body.MessageThreads[0];
}

async function messagesSeen(credentials: object, id: string): Promise<any[]> {
  const response = await server.post(`${CONNECTOR}/messages/getAll`, { ...credentials, MessageThreadIds: [id], Limitation: { Count: 10 } });
  expect(response.status, response.text).toBe(200);
  return response.body.Messages;
}

describe('sandboxMessages/add', () => {
  it('adds a staff reply the integration reads, its MessageAdded webhook is sent and the live inbox shows it', async () => {
    const sandbox = (await ok(admin('sandboxes/add', { EnterpriseCount: 1, WebhookUrl: `${receiver.origin}/hook` }))).Sandbox;
    const session = await signIn(server, sandbox.Staff[0].Email, sandbox.Staff[0].Password);
    const stream = await openEventStream(server.url, { authorization: `Bearer ${session.token}` });
    try {
      const thread = await addThread(as(sandbox));
      expect((await stream.next()).data).toMatchObject({ Discriminator: 'MessageThreadAdded', MessageThreadId: thread.Id });

      const { Message } = await ok(admin('sandboxMessages/add', { MessageThreadId: thread.Id, Text: 'Your room is ready.' }));
      expect(Message).toEqual({
        Id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        MessageThreadId: thread.Id,
        Text: 'Your room is ready.',
        Sender: { Discriminator: 'Enterprise', Value: null },
        CreatedUtc: expect.stringMatching(/Z$/),
      });
      expect(await messagesSeen(as(sandbox), thread.Id)).toEqual([Message]);
      expect((await stream.next()).data).toMatchObject({ Discriminator: 'MessageAdded', MessageThreadId: thread.Id, MessageId: Message.Id });

      const [request] = await receiver.waitFor(1);
      expect(messageIdsOf(request!)).toEqual([Message.Id]);
      expect(JSON.parse(request!.body)).toMatchObject({ EnterpriseId: sandbox.Enterprises[0].Id, IntegrationId: sandbox.Enterprises[0].IntegrationId });

      // Staff see it in their inbox as a reply written by no one of them.
      const inbox = await server.post('/api/enterprise/v1/messages/getAll', { MessageThreadId: thread.Id, Limitation: { Count: 10 } }, {
        authorization: `Bearer ${session.token}`,
      });
      expect(inbox.body.Messages).toEqual([{ ...Message, Author: null }]);
    } finally {
      stream.close();
    }
  });

  it('reopens a resolved thread and moves its UpdatedUtc, as a staff reply does', async () => {
    const thread = await addThread(demo.a);
    await ok(admin('sandboxThreads/resolve', { MessageThreadId: thread.Id }));
    const { Message } = await ok(admin('sandboxMessages/add', { MessageThreadId: thread.Id, Text: 'Anything else?' }));
    const seen = await threadSeen(demo.a, thread.Id);
    expect(seen.IsResolved).toBe(false);
    expect(seen.UpdatedUtc).toBe(Message.CreatedUtc);
  });

  it('refuses a thread outside the sandboxes with 400 Invalid MessageThreadId and writes nothing', async () => {
    const tenant = await createTenant(admin);
    const thread = await addThread(credentials(tenant));
    expectError(await admin('sandboxMessages/add', { MessageThreadId: thread.Id, Text: 'Hello' }), 400, /^Invalid MessageThreadId/);
    expectError(await admin('sandboxMessages/add', { MessageThreadId: UNKNOWN_ID, Text: 'Hello' }), 400, /^Invalid MessageThreadId/);
    expect(await messagesSeen(credentials(tenant), thread.Id)).toEqual([]);
  });

  it.each([
    ['no MessageThreadId', (_id: string) => ({ Text: 'Hello' }), 'MessageThreadId'],
    ['a MessageThreadId that is no id', () => ({ MessageThreadId: 'not-an-id', Text: 'Hello' }), 'MessageThreadId'],
    ['an empty Text', (id: string) => ({ MessageThreadId: id, Text: '' }), 'Text'],
    ['a blank Text', (id: string) => ({ MessageThreadId: id, Text: '   ' }), 'Text'],
    ['a Text too long', (id: string) => ({ MessageThreadId: id, Text: 'x'.repeat(10_001) }), 'Text'],
    ['a Text that is no string', (id: string) => ({ MessageThreadId: id, Text: 42 }), 'Text'],
    ['no Text', (id: string) => ({ MessageThreadId: id }), 'Text'],
  ])('refuses %s with 400 and writes nothing', async (_case, body, parameter) => {
    const thread = await addThread(demo.a);
    expectError(await admin('sandboxMessages/add', body(thread.Id)), 400, new RegExp(`^Invalid ${parameter}`));
    expect(await messagesSeen(demo.a, thread.Id)).toEqual([]);
  });
});

describe('sandboxThreads/resolve and reopen', () => {
  it('set IsResolved and UpdatedUtc, seen by messageThreads/getAll, and fire the live-inbox events', async () => {
    const sandbox = (await ok(admin('sandboxes/add', { EnterpriseCount: 1 }))).Sandbox;
    const session = await signIn(server, sandbox.Staff[0].Email, sandbox.Staff[0].Password);
    const stream = await openEventStream(server.url, { authorization: `Bearer ${session.token}` });
    try {
      const thread = await addThread(as(sandbox));
      const resolved = (await ok(admin('sandboxThreads/resolve', { MessageThreadId: thread.Id }))).MessageThread;
      expect(resolved).toEqual({ ...thread, IsResolved: true, UpdatedUtc: expect.stringMatching(/Z$/) });
      expect(await threadSeen(as(sandbox), thread.Id)).toEqual(resolved);
      // Already resolved: nothing changes.
      expect((await ok(admin('sandboxThreads/resolve', { MessageThreadId: thread.Id }))).MessageThread).toEqual(resolved);

      const reopened = (await ok(admin('sandboxThreads/reopen', { MessageThreadId: thread.Id }))).MessageThread;
      expect(reopened).toEqual({ ...thread, IsResolved: false, UpdatedUtc: expect.stringMatching(/Z$/) });
      expect(await threadSeen(as(sandbox), thread.Id)).toEqual(reopened);

      const events = [await stream.next(), await stream.next(), await stream.next()].map((event) => event.data);
      expect(events).toMatchObject([
        { Discriminator: 'MessageThreadAdded', MessageThreadId: thread.Id },
        { Discriminator: 'MessageThreadResolved', MessageThreadId: thread.Id },
        { Discriminator: 'MessageThreadReopened', MessageThreadId: thread.Id },
      ]);
    } finally {
      stream.close();
    }
  });

  it.each(['resolve', 'reopen'])('%s refuses a thread outside the sandboxes, an unknown one and bad input with 400', async (action) => {
    const tenant = await createTenant(admin);
    const thread = await addThread(credentials(tenant));
    const operation = `sandboxThreads/${action}`;
    expectError(await admin(operation, { MessageThreadId: thread.Id }), 400, /^Invalid MessageThreadId/);
    expectError(await admin(operation, { MessageThreadId: UNKNOWN_ID }), 400, /^Invalid MessageThreadId/);
    expectError(await admin(operation, { MessageThreadId: 42 }), 400, /^Invalid MessageThreadId/);
    expectError(await admin(operation, {}), 400, /^Invalid MessageThreadId/);
    expect(await threadSeen(credentials(tenant), thread.Id)).toEqual(thread);
  });

  it('reaches no thread of a sandbox once it is reset', async () => {
    const sandbox = (await ok(admin('sandboxes/add', { EnterpriseCount: 1 }))).Sandbox;
    const thread = await addThread(as(sandbox));
    await ok(admin('sandboxes/reset', { SandboxId: sandbox.Id }));
    expectError(await admin('sandboxThreads/resolve', { MessageThreadId: thread.Id }), 400, /^Invalid MessageThreadId/);
    expectError(await admin('sandboxMessages/add', { MessageThreadId: thread.Id, Text: 'Hi' }), 400, /^Invalid MessageThreadId/);
  });
});
