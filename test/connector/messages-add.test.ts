import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertMatchesContract } from '../helpers/contract.ts';
import { demo, enterpriseA, enterpriseB } from '../helpers/sandbox.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { addMessages, addThread, expectInvalid, getPage, pageAll, CONNECTOR_PATHS, type Credentials } from '../helpers/connector.ts';

const ADD = CONNECTOR_PATHS.addMessages;
const WHOLE_SECOND_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

describe('messages/add', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  const messagesOf = (threadId: string, credentials: Credentials = demo.a) =>
    pageAll(server, 'messages', { ...credentials, MessageThreadIds: [threadId] }, 1000);

  it('adds messages in request order, echoing each Identifier, with Sender Application', async () => {
    const thread = await addThread(server, demo.a);
    const response = await server.post(ADD, {
      ...demo.a,
      Messages: [
        { MessageThreadId: thread.Id, Text: 'Text of the message', Identifier: 'Message 1' },
        { MessageThreadId: thread.Id, Text: 'Second' },
        { MessageThreadId: thread.Id, Text: 'Third', Identifier: null },
      ],
    });
    expect(response.status).toBe(200);
    assertMatchesContract('AddedMessageResult', response.body);
    const added = response.body.Messages;
    expect(added.map((m) => m.Identifier)).toEqual(['Message 1', null, null]);
    expect(added.map((m) => m.Message.Text)).toEqual(['Text of the message', 'Second', 'Third']);
    for (const { Message } of added) {
      expect(Message).toMatchObject({ MessageThreadId: thread.Id, Sender: { Discriminator: 'Application', Value: null } });
      expect(Message.CreatedUtc).toMatch(WHOLE_SECOND_UTC);
    }
    expect(new Set(added.map((m) => m.Message.Id)).size).toBe(3);
    // Stored: read back newest first, so the last of the request comes first.
    expect(await messagesOf(thread.Id)).toEqual(added.map((m) => m.Message.Id).toReversed());
  });

  it('accepts the reference example\'s body shape, with credentials repeated inside each message by older clients', async () => {
    const thread = await addThread(server, demo.a);
    const response = await server.post(ADD, {
      ...demo.a,
      LanguageCode: 'en-US',
      CultureCode: 'en-US',
      Messages: [{ ...demo.a, MessageThreadId: thread.Id, Text: 'Hello', Identifier: 'Message 1', Unknown: { Deep: true } }],
    });
    expect(response.status).toBe(200);
    assertMatchesContract('AddedMessageResult', response.body);
  });

  it('moves the thread\'s UpdatedUtc to the message\'s time and reopens a resolved thread', async () => {
    const thread = await addThread(server, demo.a);
    await server.database.updateTable('message_threads').set({ is_resolved: 1, updated_utc: 1_000_000_000 }).where('id', '=', thread.Id).execute();
    const [message] = await addMessages(server, demo.a, [{ MessageThreadId: thread.Id, Text: 'Still there?' }]);
    const page = await getPage(server, 'threads', { ...demo.a, MessageThreadIds: [thread.Id], Limitation: { Count: 1 } });
    expect(page.items[0]).toMatchObject({ Id: thread.Id, CreatedUtc: thread.CreatedUtc, UpdatedUtc: message!.CreatedUtc, IsResolved: false });
  });

  it('adds 1000 messages across threads and enterprises of a portfolio token in one request', async () => {
    const threads = [
      await addThread(server, demo.portfolio, { EnterpriseId: enterpriseA }),
      await addThread(server, demo.portfolio, { EnterpriseId: enterpriseB }),
    ];
    const messages = Array.from({ length: 1000 }, (_, i) => ({ MessageThreadId: threads[i % 2]!.Id, Text: `#${i}`, Identifier: String(i) }));
    const response = await server.post(ADD, { ...demo.portfolio, Messages: messages });
    expect(response.status).toBe(200);
    assertMatchesContract('AddedMessageResult', response.body);
    expect(response.body.Messages.map((m) => m.Identifier)).toEqual(messages.map((m) => m.Identifier));
    expect(await messagesOf(threads[0]!.Id, demo.portfolio)).toHaveLength(500);
    expect(await messagesOf(threads[1]!.Id, demo.portfolio)).toHaveLength(500);
  });

  it('stores nothing from a request with one thread that is not the integration\'s own, and names it', async () => {
    const mine = await addThread(server, demo.a);
    const others = await addThread(server, demo.otherApplication);
    const inB = await addThread(server, demo.b);
    for (const foreign of [others.Id, inB.Id, crypto.randomUUID()]) {
      await expectInvalid(
        server,
        ADD,
        { ...demo.a, Messages: [{ MessageThreadId: mine.Id, Text: 'ok' }, { MessageThreadId: mine.Id, Text: 'ok' }, { MessageThreadId: foreign, Text: 'not mine' }] },
        /^Invalid MessageThreadId$/,
      );
    }
    expect(await messagesOf(mine.Id)).toEqual([]);
    expect(await messagesOf(others.Id, demo.otherApplication)).toEqual([]);
    expect(await messagesOf(inB.Id, demo.b)).toEqual([]);
    const thread = (await getPage(server, 'threads', { ...demo.a, MessageThreadIds: [mine.Id], Limitation: { Count: 1 } })).items[0];
    expect(thread).toMatchObject({ UpdatedUtc: mine.UpdatedUtc });
  });

  it('keeps concurrent requests apart: a failing one stores nothing, the others everything', async () => {
    const thread = await addThread(server, demo.a);
    const requests = Array.from({ length: 20 }, (_, i) =>
      server.post(ADD, {
        ...demo.a,
        Messages: [
          { MessageThreadId: thread.Id, Text: `request ${i}` },
          { MessageThreadId: i % 4 === 0 ? crypto.randomUUID() : thread.Id, Text: `request ${i}, second` },
        ],
      }),
    );
    const responses = await Promise.all(requests);
    expect(responses.map((r) => r.status)).toEqual(responses.map((_, i) => (i % 4 === 0 ? 400 : 200)));
    const stored = await messagesOf(thread.Id);
    const added = responses
      .filter((r) => r.status === 200)
      .flatMap((r) => {
        assertMatchesContract('AddedMessageResult', r.body);
        return r.body.Messages.map((m) => m.Message.Id);
      });
    expect(stored.toSorted()).toEqual(added.toSorted());
  });

  describe('answers 400 with the error body, never 500, to', () => {
    const thread = async () => (await addThread(server, demo.a)).Id;
    const cases: [string, (id: string) => Record<string, unknown>, string][] = [
      ['no Messages', () => ({ ...demo.a }), 'Invalid Messages'],
      ['an empty Messages', () => ({ ...demo.a, Messages: [] }), 'Invalid Messages'],
      ['1001 messages', (id) => ({ ...demo.a, Messages: Array.from({ length: 1001 }, () => ({ MessageThreadId: id, Text: 't' })) }), 'Invalid Messages'],
      ['Messages as an object', (id) => ({ ...demo.a, Messages: { MessageThreadId: id, Text: 't' } }), 'Invalid Messages'],
      ['a missing Text', (id) => ({ ...demo.a, Messages: [{ MessageThreadId: id }] }), 'Invalid Messages[0].Text'],
      ['an empty Text', (id) => ({ ...demo.a, Messages: [{ MessageThreadId: id, Text: '' }] }), 'Invalid Messages[0].Text'],
      ['a Text that is not a string', (id) => ({ ...demo.a, Messages: [{ MessageThreadId: id, Text: 5 }] }), 'Invalid Messages[0].Text'],
      ['a missing MessageThreadId', () => ({ ...demo.a, Messages: [{ Text: 't' }] }), 'Invalid Messages[0].MessageThreadId'],
      ['a MessageThreadId that is not a UUID', (id) => ({ ...demo.a, Messages: [{ MessageThreadId: id, Text: 't' }, { MessageThreadId: 'x', Text: 't' }] }), 'Invalid Messages[1].MessageThreadId'],
      ['an unknown MessageThreadId', () => ({ ...demo.a, Messages: [{ MessageThreadId: crypto.randomUUID(), Text: 't' }] }), 'Invalid MessageThreadId'],
      ['an Identifier that is not a string', (id) => ({ ...demo.a, Messages: [{ MessageThreadId: id, Text: 't', Identifier: 1 }] }), 'Invalid Messages[0].Identifier'],
      ['a CultureCode that is not a string', (id) => ({ ...demo.a, CultureCode: true, Messages: [{ MessageThreadId: id, Text: 't' }] }), 'Invalid CultureCode'],
    ];
    it.each(cases)('%s', async (_name, body, message) => {
      await expectInvalid(server, ADD, body(await thread()), message);
    });
  });

  it('answers Invalid JSON to a trailing comma', async () => {
    const response = await server.post(ADD, `{"ClientToken":"${demo.a.ClientToken}","Messages":[],}`);
    expect(response.status).toBe(400);
    expect(response.body.Message).toBe('Invalid JSON');
  });

  /** Older and hand-written clients name a message's thread `ThreadId` (CONTRACT.md, "What clients send in practice"). */
  describe('with ThreadId', () => {
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
});
