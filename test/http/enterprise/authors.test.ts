import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addThread } from '../../helpers/connector.ts';
import { demo, enterpriseA } from '../../helpers/sandbox.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver.ts';
import { integrationA, setWebhookUrl } from '../../events/webhook-fixtures.ts';
import { addColleague } from './colleague.ts';
import { asStaff, staffA, useSignedInServer } from './staff-client.ts';

describe('enterprise API: who of the staff wrote a reply', () => {
  const { server, a } = useSignedInServer();
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    await setWebhookUrl(server(), `${receiver.origin}/hook`);
  });
  afterAll(() => receiver?.close());

  it("shows a colleague's reply with their name to other staff, in the conversation and the list", async () => {
    const colleague = await addColleague(server(), enterpriseA, 'Olga Evening');
    const thread = await addThread(server(), demo.a, { OriginalSender: 'Author Guest' });
    const reply = await asStaff(server(), colleague, 'messages/add', { MessageThreadId: thread.Id, Text: 'Your taxi is booked.' });
    expect(reply.body.Message.Author).toEqual({ Id: colleague.id, Name: 'Olga Evening' });
    const seen = await asStaff(server(), a(), 'messages/getAll', { MessageThreadId: thread.Id, Limitation: { Count: 10 } });
    expect(seen.body.Messages).toEqual([reply.body.Message]);
    const listed = await asStaff(server(), a(), 'messageThreads/getAll', { Limitation: { Count: 1 }, Search: 'Author Guest' });
    expect(listed.body.MessageThreads[0].LastMessage).toEqual(reply.body.Message);
  });

  it('leaves the Connector API and the MessageAdded webhook as they were: Sender Enterprise, no author', async () => {
    const thread = await addThread(server(), demo.a, { OriginalSender: 'Unchanged Guest' });
    const reply = await asStaff(server(), a(), 'messages/add', { MessageThreadId: thread.Id, Text: 'Noted.' });
    expect(reply.body.Message.Author).toEqual({ Id: staffA.id, Name: staffA.name });

    const seen = await server().post('/api/connector/v1/messages/getAll', { ...demo.a, MessageThreadIds: [thread.Id], Limitation: { Count: 10 } });
    expect(seen.status).toBe(200);
    expect(seen.body.Messages).toEqual([
      {
        Id: reply.body.Message.Id,
        MessageThreadId: thread.Id,
        Text: 'Noted.',
        Sender: { Discriminator: 'Enterprise', Value: null },
        CreatedUtc: reply.body.Message.CreatedUtc,
      },
    ]);
    expect(seen.text).not.toContain(staffA.name);
    expect(seen.text).not.toContain(staffA.id);

    // The first test's reply has its webhook too: this one is the request that names this reply.
    let webhook;
    for (let count = 1; !webhook; count++) webhook = (await receiver.waitFor(count)).find((request) => request.body.includes(reply.body.Message.Id));
    expect(JSON.parse(webhook.body)).toEqual({
      EnterpriseId: enterpriseA,
      IntegrationId: integrationA,
      Events: [{ Discriminator: 'MessageAdded', Value: { Id: reply.body.Message.Id } }],
    });
    expect(webhook.body).not.toContain(staffA.name);
  });
});
