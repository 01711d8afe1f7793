import { describe, expect, it } from 'vitest';
import { DEMO_SANDBOX_ID } from '../../src/domain/sandboxes.ts';
import { SANDBOX_MESSAGE, SANDBOX_MESSAGE_THREAD } from '../../src/store/sandbox-seed.ts';
import { ok, useAdminServer } from '../helpers/admin.ts';
import { demo } from '../helpers/sandbox.ts';

const CONNECTOR = '/api/connector/v1';
const THREAD_ID = SANDBOX_MESSAGE_THREAD.id;

/** The demo thread as the Connector API answers it, written out rather than mapped, so that the mapping is checked too. */
const THREAD = {
  Id: '2c7e4f56-8d1a-4b3e-9f60-7a5d2e1c9b84',
  OriginalSender: 'Sample Customer',
  Subject: 'Sample Subject',
  CreatedUtc: '2026-01-15T09:30:00Z',
  UpdatedUtc: '2026-01-15T09:30:00Z',
  IsResolved: false,
};
const MESSAGE = {
  Id: '9b2f6a31-4c8d-4e7a-b5f0-3d1e8c6a2f47',
  MessageThreadId: THREAD.Id,
  Text: 'Hello, is breakfast included?',
  Sender: { Discriminator: 'Application', Value: null },
  CreatedUtc: '2026-01-15T09:30:00Z',
};

describe('the demo thread in sandbox mode', () => {
  const { server, admin } = useAdminServer();

  const threadsOnItsDay = async (credentials: object) => {
    const response = await server().post(`${CONNECTOR}/messageThreads/getAll`, {
      ...credentials,
      CreatedUtc: { StartUtc: '2026-01-15T00:00:00Z', EndUtc: '2026-01-16T00:00:00Z' },
      Limitation: { Count: 10 },
    });
    expect(response.status, response.text).toBe(200);
    return response.body.MessageThreads;
  };
  const messagesOfIt = async () => {
    const response = await server().post(`${CONNECTOR}/messages/getAll`, { ...demo.a, MessageThreadIds: [THREAD_ID], Limitation: { Count: 10 } });
    expect(response.status, response.text).toBe(200);
    return response.body.Messages;
  };

  it('is the first demo integration\'s, with its one message from the application', async () => {
    expect(THREAD_ID).toBe(THREAD.Id);
    expect(SANDBOX_MESSAGE.id).toBe(MESSAGE.Id);
    expect(await threadsOnItsDay(demo.a)).toEqual([THREAD]);
    expect(await messagesOfIt()).toEqual([MESSAGE]);
    // Another enterprise's integration, and another application's, do not see it.
    expect(await threadsOnItsDay(demo.b)).toEqual([]);
    expect(await threadsOnItsDay(demo.otherApplication)).toEqual([]);
  });

  it('takes messages like any thread of the caller\'s, and is back as seeded after the demo sandbox\'s reset', async () => {
    const added = await server().post(`${CONNECTOR}/messages/add`, { ...demo.a, Messages: [{ MessageThreadId: THREAD_ID, Text: 'Is there parking?' }] });
    expect(added.status, added.text).toBe(200);
    expect((await messagesOfIt()).map((m: { Text: string }) => m.Text)).toEqual(['Is there parking?', MESSAGE.Text]);
    const other = await server().post(`${CONNECTOR}/messageThreads/add`, { ...demo.a, OriginalSender: 'Guest', Subject: 'Late arrival' });
    expect(other.status, other.text).toBe(200);

    await ok(admin('sandboxes/reset', { SandboxId: DEMO_SANDBOX_ID }));

    expect(await threadsOnItsDay(demo.a)).toEqual([THREAD]);
    expect(await messagesOfIt()).toEqual([MESSAGE]);
    const gone = await server().post(`${CONNECTOR}/messageThreads/getAll`, { ...demo.a, MessageThreadIds: [other.body.MessageThreads[0].Id], Limitation: { Count: 10 } });
    expect(gone.body.MessageThreads).toEqual([]);
  });

  it('is not put into another sandbox by its reset', async () => {
    const { Sandbox } = await ok(admin('sandboxes/add', {}));
    await ok(admin('sandboxes/reset', { SandboxId: Sandbox.Id }));
    const credentials = { ClientToken: Sandbox.ClientToken, AccessToken: Sandbox.Enterprises[0].AccessToken, Client: 'Sandbox test 1.0' };
    const response = await server().post(`${CONNECTOR}/messages/getAll`, { ...credentials, MessageThreadIds: [THREAD_ID], Limitation: { Count: 10 } });
    expect(response.status, response.text).toBe(200);
    expect(response.body.Messages).toEqual([]);
    expect(await server().database.selectFrom('message_threads').select('id').execute()).toEqual([{ id: THREAD_ID }]);
  });
});

describe('the demo thread in production mode', () => {
  const { server } = useAdminServer({ MODE: 'production', ADMIN_TOKEN: 'an-operator-admin-token' });

  it('is not seeded', async () => {
    expect(await server().database.selectFrom('message_threads').select('id').execute()).toEqual([]);
    expect(await server().database.selectFrom('messages').select('id').execute()).toEqual([]);
  });
});
