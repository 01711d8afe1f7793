import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertMatchesContract } from '../helpers/contract.ts';
import { demo } from '../helpers/sandbox.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { addThread, expectInvalid, pageAll, CONNECTOR_PATHS, type Credentials } from '../helpers/connector.ts';

const ADD = CONNECTOR_PATHS.addMessages;

/** Older and hand-written clients name a message's thread `ThreadId` (CONTRACT.md, "What clients send in practice"). */
describe('messages/add with ThreadId', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  const messagesOf = (threadId: string, credentials: Credentials = demo.a) =>
    pageAll(server, 'messages', { ...credentials, MessageThreadIds: [threadId] }, 1000);

  it('takes ThreadId as MessageThreadId when MessageThreadId is missing or null', async () => {
    const thread = await addThread(server, demo.a);
    const response = await server.post(ADD, {
      ...demo.a,
      Messages: [
        { ThreadId: thread.Id, Text: 'From an older client', Identifier: 'Message 1' },
        { MessageThreadId: null, ThreadId: thread.Id, Text: 'Both named, one null', Identifier: 'Message 2' },
      ],
    });
    expect(response.status, response.text).toBe(200);
    assertMatchesContract('AddedMessageResult', response.body);
    expect(response.body.Messages.map((added) => [added.Identifier, added.Message.MessageThreadId])).toEqual([
      ['Message 1', thread.Id],
      ['Message 2', thread.Id],
    ]);
    expect(await messagesOf(thread.Id)).toEqual(response.body.Messages.map((added) => added.Message.Id).toReversed());
  });

  it('uses MessageThreadId when both are given, whatever ThreadId holds', async () => {
    const chosen = await addThread(server, demo.a);
    const other = await addThread(server, demo.a);
    const response = await server.post(ADD, {
      ...demo.a,
      Messages: [
        { MessageThreadId: chosen.Id, ThreadId: other.Id, Text: 'Into the first' },
        { MessageThreadId: chosen.Id, ThreadId: 'not a thread', Text: 'Also into the first' },
      ],
    });
    expect(response.status, response.text).toBe(200);
    assertMatchesContract('AddedMessageResult', response.body);
    expect(response.body.Messages.map((added) => added.Message.MessageThreadId)).toEqual([chosen.Id, chosen.Id]);
    expect(await messagesOf(chosen.Id)).toHaveLength(2);
    expect(await messagesOf(other.Id)).toEqual([]);
  });

  it('answers 400 naming MessageThreadId when neither is given', async () => {
    const thread = await addThread(server, demo.a);
    for (const message of [{ Text: 'No thread' }, { ThreadId: null, Text: 'A null thread' }]) {
      await expectInvalid(
        server,
        ADD,
        { ...demo.a, Messages: [{ ThreadId: thread.Id, Text: 'ok' }, message] },
        'Invalid Messages[1].MessageThreadId: the parameter is required.',
      );
    }
    expect(await messagesOf(thread.Id)).toEqual([]);
  });

  it('answers 400 naming MessageThreadId to a ThreadId that is not a UUID', async () => {
    await expectInvalid(server, ADD, { ...demo.a, Messages: [{ ThreadId: 'x', Text: 't' }] }, 'Invalid Messages[0].MessageThreadId: must be a valid UUID.');
  });

  it('answers Invalid MessageThreadId to a ThreadId of another application, another enterprise or no thread, storing nothing', async () => {
    const mine = await addThread(server, demo.a);
    const ofOtherApplication = await addThread(server, demo.otherApplication);
    const inOtherEnterprise = await addThread(server, demo.b);
    for (const foreign of [ofOtherApplication.Id, inOtherEnterprise.Id, crypto.randomUUID()]) {
      await expectInvalid(
        server,
        ADD,
        { ...demo.a, Messages: [{ ThreadId: mine.Id, Text: 'ok' }, { ThreadId: foreign, Text: 'not mine' }] },
        /^Invalid MessageThreadId$/,
      );
    }
    expect(await messagesOf(mine.Id)).toEqual([]);
    expect(await messagesOf(ofOtherApplication.Id, demo.otherApplication)).toEqual([]);
    expect(await messagesOf(inOtherEnterprise.Id, demo.b)).toEqual([]);
  });
});
