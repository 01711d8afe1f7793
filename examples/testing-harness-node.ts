// The harness under node's own test runner: `node --import tsx --test examples/testing-harness-node.ts`.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSandbox, type StartedSandbox } from '@connector-messaging/testing';

let sandbox: StartedSandbox;
before(async () => {
  sandbox = await startSandbox({ enterpriseCount: 1 });
});
after(() => sandbox.stop());

test('a staff reply reaches the integration as a signed MessageAdded webhook', async () => {
  // Every guest message from now on gets this staff reply.
  await sandbox.staff.autoReply('On their way.');
  const { client } = sandbox.credentials;
  const { MessageThreads } = await client.messageThreads.add({ OriginalSender: 'Jane Guest', Subject: 'Towels' });
  const thread = MessageThreads[0]!;
  const { Messages: added } = await client.messages.add({ Messages: [{ MessageThreadId: thread.Id, Text: 'Two more towels, please.' }] });
  const guestMessageId = added[0]!.Message.Id;

  // The webhook of a message other than the guest's: the reply.
  const webhook = await sandbox.webhooks.next(
    (received) => received.kind === 'general' && received.payload.Events.some((event) => (event.Value as { Id: string }).Id !== guestMessageId),
  );
  assert.equal(webhook.kind, 'general');
  const { Messages } = await client.messages.getAll({ MessageThreadIds: [thread.Id], Limitation: { Count: 10 } });
  assert.deepEqual(
    Messages.map((message) => message.Text),
    ['On their way.', 'Two more towels, please.'],
  );
});
