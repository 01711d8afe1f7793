import { AuthenticationError, ConnectorClient, webhooks } from '@connector-messaging/client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { messageAdded, startSandbox, type StartedSandbox } from '../src/index.ts';

describe('startSandbox', () => {
  let sandbox: StartedSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ enterpriseCount: 3, name: 'Harness test', seed: 'h1' });
  });
  afterAll(() => sandbox?.stop());
  // Each test from an empty sandbox, as a suite of integration tests would: what reset() is for.
  beforeEach(() => sandbox.reset());

  /** The threads a client sees, updated in the last hour. */
  const threadsOf = async (client: ConnectorClient) => {
    const now = Date.now();
    const UpdatedUtc = { StartUtc: new Date(now - 3_600_000).toISOString(), EndUtc: new Date(now + 60_000).toISOString() };
    return (await client.messageThreads.getAll({ UpdatedUtc, Limitation: { Count: 10 } })).MessageThreads;
  };

  /** A thread with one guest message in the first enterprise. */
  async function guestThread(text = 'Is breakfast included?') {
    const { client } = sandbox.credentials;
    const { MessageThreads } = await client.messageThreads.add({ OriginalSender: 'Jane Guest', Subject: 'Breakfast' });
    const thread = MessageThreads[0]!;
    const { Messages } = await client.messages.add({ Messages: [{ MessageThreadId: thread.Id, Text: text }] });
    return { thread, message: Messages[0]!.Message };
  }

  it('answers with the new sandbox\'s credentials and a ready client per enterprise', async () => {
    const { credentials } = sandbox;
    expect(credentials).toMatchObject({ Name: 'Harness test', Seed: 'h1', ClientToken: expect.any(String), WebhookSecret: expect.stringMatching(/^whsec_/) });
    expect(credentials.Enterprises).toHaveLength(3);
    expect(credentials.clients).toHaveLength(3);
    expect(credentials.client).toBe(credentials.clients[0]);
    const { Sandboxes } = await sandbox.admin.sandboxes.getAll();
    expect(Sandboxes.map((s) => s.Id)).toContain(credentials.Id);
    // Each client is its own enterprise's: a thread of one is not listed by another.
    await guestThread();
    expect(await threadsOf(credentials.clients[0]!)).toHaveLength(1);
    expect(await threadsOf(credentials.clients[1]!)).toEqual([]);
  });

  it('receives the signed MessageAdded webhook of a guest message, and of a staff reply', async () => {
    const { thread, message } = await guestThread();
    const webhook = await sandbox.webhooks.next(messageAdded(message.Id));
    expect(webhook).toMatchObject({ kind: 'general', id: expect.any(String), payload: { EnterpriseId: sandbox.credentials.Enterprises[0]!.Id } });
    const reply = await sandbox.staff.reply(thread.Id, 'Yes, from 7 to 10.');
    expect(reply).toMatchObject({ MessageThreadId: thread.Id, Text: 'Yes, from 7 to 10.', Sender: { Discriminator: 'Enterprise' } });
    const announced = await sandbox.webhooks.next(messageAdded(reply.Id));
    const event = announced.kind === 'general' ? announced.payload.Events.find(webhooks.isMessageAdded) : undefined;
    expect(await sandbox.credentials.client.messages.fromEvent(event!)).toEqual(reply);
  });

  it('hands each webhook to one next() only, in arrival order', async () => {
    const first = await guestThread('One');
    const one = await sandbox.webhooks.next(messageAdded());
    const second = await guestThread('Two');
    const two = await sandbox.webhooks.next(messageAdded());
    expect([one, two].map((webhook) => webhook.kind === 'general' && webhook.payload.Events[0]!.Value)).toEqual([
      { Id: first.message.Id },
      { Id: second.message.Id },
    ]);
    expect(sandbox.webhooks.all().filter(messageAdded())).toEqual([one, two]);
    await expect(sandbox.webhooks.next(messageAdded(), { timeoutMs: 200 })).rejects.toThrow(/No matching webhook within 200 ms/);
  });

  it('resolves and reopens a thread as staff', async () => {
    const { thread } = await guestThread();
    expect(await sandbox.staff.resolve(thread.Id)).toMatchObject({ Id: thread.Id, IsResolved: true });
    expect(await sandbox.staff.reopen(thread.Id)).toMatchObject({ Id: thread.Id, IsResolved: false });
  });

  it('auto-replies to every guest message', async () => {
    const autoReply = await sandbox.staff.autoReply('We will get back to you shortly.');
    expect(autoReply).toMatchObject({ SandboxId: sandbox.credentials.Id, DelayMs: 0 });
    const { thread, message } = await guestThread();
    await sandbox.webhooks.next(messageAdded(message.Id));
    const replies = async () => {
      const { Messages } = await sandbox.credentials.client.messages.getAll({ MessageThreadIds: [thread.Id], Limitation: { Count: 10 } });
      return Messages.filter((m) => m.Sender.Discriminator === 'Enterprise').map((m) => m.Text);
    };
    await expect.poll(replies).toEqual(['We will get back to you shortly.']);
    await sandbox.admin.autoReplies.remove({ AutoReplyId: autoReply.Id });
  });

  it('refuses a webhook request that is not signed with the sandbox\'s secret', async () => {
    const before = sandbox.webhooks.rejected;
    const response = await fetch(sandbox.webhooks.url, { method: 'POST', body: '{"EnterpriseId":"x","IntegrationId":"y","Events":[]}' });
    expect(response.status).toBe(401);
    expect(sandbox.webhooks.rejected).toBe(before + 1);
  });

  it('resets: threads, messages and received webhooks gone, credentials kept', async () => {
    await guestThread();
    await sandbox.webhooks.next(messageAdded());
    await sandbox.reset();
    expect(sandbox.webhooks.all()).toEqual([]);
    expect(await threadsOf(sandbox.credentials.client)).toEqual([]);
    const { message } = await guestThread('After the reset');
    await sandbox.webhooks.next(messageAdded(message.Id));
  });
});

describe('startSandbox options and stop', () => {
  it('receives the signed integration webhooks of the sandbox\'s creation', async () => {
    const sandbox = await startSandbox({ enterpriseCount: 2 });
    try {
      const created = [await sandbox.webhooks.next((w) => w.kind === 'integration'), await sandbox.webhooks.next((w) => w.kind === 'integration')];
      const enterprises = created.map((webhook) => webhook.kind === 'integration' && webhook.payload.Action === 'IntegrationCreated' && webhook.payload.Data.Enterprise);
      expect(enterprises).toEqual(
        expect.arrayContaining(sandbox.credentials.Enterprises.map(({ Id, Name }) => expect.objectContaining({ Id, Name }))),
      );
    } finally {
      await sandbox.stop();
    }
  });

  it('starts without a receiver when webhooks are off', async () => {
    const sandbox = await startSandbox({ webhooks: false, enterpriseCount: 1 });
    try {
      expect(sandbox.credentials.Enterprises).toHaveLength(1);
      expect(() => sandbox.webhooks).toThrow('This sandbox was started with webhooks: false.');
      const { MessageThreads } = await sandbox.credentials.client.messageThreads.add({ OriginalSender: 'Guest', Subject: 'Quiet' });
      expect(MessageThreads[0]!.Subject).toBe('Quiet');
    } finally {
      await sandbox.stop();
    }
  });

  it('answers a request in flight at stop() before closing', async () => {
    const sandbox = await startSandbox({ webhooks: false, enterpriseCount: 1 });
    // A delay holds the request in the server; the admin client's connection stays open, idle, meanwhile.
    const fault = await sandbox.faults.add({ Operation: 'messageThreads/add', DelayMs: 1000, Count: 1 });
    const answer = sandbox.credentials.client.messageThreads.add({ OriginalSender: 'Guest', Subject: 'In flight' });
    while ((await sandbox.faults.list()).find((f) => f.Id === fault.Id)!.FiredCount === 0);
    await sandbox.stop();
    expect((await answer).MessageThreads[0]!.Subject).toBe('In flight');
    await expect(fetch(`${sandbox.url}/api/connector/v1/messageThreads/getAll`, { method: 'POST' })).rejects.toThrow();
  });

  it('runs several sandboxes side by side, each on its own server; stop() closes the server and the receiver', async () => {
    const [one, two] = await Promise.all([startSandbox(), startSandbox()]);
    expect(one!.url).not.toBe(two!.url);
    // One server's tokens mean nothing to the other.
    const stranger = new ConnectorClient({
      platformAddress: two!.url,
      clientToken: one!.credentials.ClientToken,
      accessToken: one!.credentials.Enterprises[0]!.AccessToken!,
      client: 'Test 1.0',
      retry: false,
    });
    await expect(stranger.messageThreads.getAll({ Limitation: { Count: 1 } })).rejects.toBeInstanceOf(AuthenticationError);
    await Promise.all([one!.stop(), two!.stop()]);
    await expect(fetch(`${one!.url}/api/connector/v1/messageThreads/getAll`, { method: 'POST' })).rejects.toThrow();
    await expect(fetch(one!.webhooks.url, { method: 'POST' })).rejects.toThrow();
  });
});
