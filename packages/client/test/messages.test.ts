import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertMatchesContract } from '../../../test/helpers/contract.ts';
import { demo } from '../../../test/helpers/sandbox.ts';
import { startTestServer, type TestServer } from '../../../test/helpers/server.ts';
import { ValidationError, type ConnectorClient, type Message } from '../src/index.ts';
import { connectorClient, minutesFromNow } from '../../../test/helpers/connector.ts';

describe('client.messages', () => {
  let server: TestServer;
  let client: ConnectorClient;
  let threadId: string;
  beforeAll(async () => {
    server = await startTestServer();
    client = connectorClient(server);
    threadId = (await client.messageThreads.add({ OriginalSender: 'John Doe', Subject: 'Towels' })).MessageThreads[0]!.Id;
  });
  afterAll(() => server.close());

  async function addMessages(MessageThreadId: string, texts: string[]): Promise<Message[]> {
    const result = await client.messages.add({
      Messages: texts.map((Text, index) => ({ MessageThreadId, Text, Identifier: `m${index}` })),
    });
    return result.Messages.map((added) => added.Message);
  }

  it('add returns each created message beside its Identifier, sent by the Application', async () => {
    const result = await client.messages.add({
      Messages: [
        { MessageThreadId: threadId, Text: 'Could I have more towels?', Identifier: 'Message 1' },
        { MessageThreadId: threadId, Text: 'Two, please.', Identifier: 'Message 2' },
      ],
    });
    assertMatchesContract('AddedMessageResult', result);
    expect(result.Messages.map((added) => added.Identifier)).toEqual(['Message 1', 'Message 2']);
    expect(result.Messages[0]!.Message).toMatchObject({
      MessageThreadId: threadId,
      Text: 'Could I have more towels?',
      Sender: { Discriminator: 'Application', Value: null },
    });
  });

  it('add into a thread that is not the integration\'s is a ValidationError', async () => {
    const other = connectorClient(server, demo.otherApplication);
    const refused = other.messages.add({ Messages: [{ MessageThreadId: threadId, Text: 'Hi' }] });
    await expect(refused).rejects.toBeInstanceOf(ValidationError);
    await expect(refused).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/^Invalid .*MessageThreadId/) });
  });

  it('getAll returns a thread\'s messages newest first, a page at a time', async () => {
    const { MessageThreads } = await client.messageThreads.add({ OriginalSender: 'G', Subject: 'Pages' });
    const thread = MessageThreads[0]!.Id;
    const added = await addMessages(thread, ['one', 'two', 'three']);
    const first = await client.messages.getAll({ MessageThreadIds: [thread], Limitation: { Count: 2 } });
    assertMatchesContract('MessageResult', first);
    expect(first.Messages.map((message) => message.Text)).toEqual(['three', 'two']);
    expect(first.Cursor).toBe(added[1]!.Id);
    const second = await client.messages.getAll({ MessageThreadIds: [thread], Limitation: { Count: 2, Cursor: first.Cursor } });
    expect(second.Messages).toEqual([added[0]]);
  });

  it('iterate pages through every message exactly once while new messages are being added', async () => {
    const { MessageThreads } = await client.messageThreads.add({ OriginalSender: 'G', Subject: 'Busy' });
    const thread = MessageThreads[0]!.Id;
    const existing = await addMessages(thread, Array.from({ length: 17 }, (_, i) => `#${i}`));
    const seen: string[] = [];
    for await (const message of client.messages.iterate({ MessageThreadIds: [thread], Limitation: { Count: 4 } })) {
      seen.push(message.Id);
      if (seen.length % 3 === 0) await addMessages(thread, ['concurrent']);
    }
    expect(seen).toEqual(existing.map((message) => message.Id).reverse());
  });

  describe('fromEvent', () => {
    it('finds a MessageAdded event\'s message among several threads', async () => {
      const threads = [];
      for (let i = 0; i < 3; i++) {
        threads.push((await client.messageThreads.add({ OriginalSender: `Guest ${i}`, Subject: 'Event' })).MessageThreads[0]!.Id);
      }
      const [target] = await addMessages(threads[1]!, ['the one']);
      await addMessages(threads[0]!, ['another']);
      await addMessages(threads[2]!, ['and another']);
      const event = { Discriminator: 'MessageAdded', Value: { Id: target!.Id } } as const;
      expect(await client.messages.fromEvent(event)).toEqual(target);
    });

    it('narrows a portfolio token\'s lookup to the webhook\'s enterprise', async () => {
      const portfolio = connectorClient(server, demo.portfolio);
      const [target] = await addMessages(threadId, ['for the portfolio']);
      const event = { Discriminator: 'MessageAdded', Value: { Id: target!.Id } } as const;
      expect(await portfolio.messages.fromEvent(event, { EnterpriseId: '3fa85f64-5717-4562-b3fc-2c963f66afa6' })).toEqual(target);
      expect(await portfolio.messages.fromEvent(event, { EnterpriseId: '4d0201db-36f5-428b-8d11-4f0a65e960cc' })).toBeNull();
    });

    it('answers null for a message outside the time window or of another integration', async () => {
      const [target] = await addMessages(threadId, ['too early']);
      const event = { Discriminator: 'MessageAdded', Value: { Id: target!.Id } } as const;
      const later = new Date(Date.parse(minutesFromNow(24 * 60)));
      expect(await client.messages.fromEvent(event, { at: later, lookbackMs: 60 * 60 * 1000 })).toBeNull();
      expect(await connectorClient(server, demo.otherApplication).messages.fromEvent(event)).toBeNull();
    });
  });
});
