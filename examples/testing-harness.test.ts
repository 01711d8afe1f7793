import { messageAdded, startSandbox, type StartedSandbox } from '@connector-messaging/testing';
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';

// One server for the file, a clean sandbox for each test.
let sandbox: StartedSandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
beforeEach(() => sandbox.reset());
afterAll(() => sandbox.stop());

test('a guest asks, the hotel answers, and the integration hears of both', async () => {
  const { client } = sandbox.credentials;

  // What the integration does: open a thread for a guest and send the guest's message.
  const { MessageThreads } = await client.messageThreads.add({ OriginalSender: 'Jane Guest', Subject: 'Late check-in' });
  const thread = MessageThreads[0]!;
  const { Messages } = await client.messages.add({ Messages: [{ MessageThreadId: thread.Id, Text: 'We arrive at midnight.' }] });

  // The signed MessageAdded webhook of the guest's message.
  await sandbox.webhooks.next(messageAdded(Messages[0]!.Message.Id));

  // The hotel's staff reply; the integration gets its webhook and reads it.
  const reply = await sandbox.staff.reply(thread.Id, 'No problem, the night desk is open.');
  const webhook = await sandbox.webhooks.next(messageAdded(reply.Id));
  expect(webhook.payload).toMatchObject({ EnterpriseId: sandbox.credentials.Enterprises[0]!.Id });
  const { Messages: listed } = await client.messages.getAll({ MessageThreadIds: [thread.Id], Limitation: { Count: 10 } });
  expect(listed.map((message) => [message.Sender.Discriminator, message.Text])).toEqual([
    ['Enterprise', 'No problem, the night desk is open.'],
    ['Application', 'We arrive at midnight.'],
  ]);
});
