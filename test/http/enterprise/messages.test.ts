import { describe, expect, it } from 'vitest';
import { demo } from '../../helpers/sandbox.ts';
import { addThread } from '../../helpers/connector.ts';
import { asStaff, staffA, useSignedInServer } from './staff-client.ts';

const WHOLE_SECOND_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

describe('enterprise API: messages', () => {
  const { server, a } = useSignedInServer();

  it('adds a reply with Sender Enterprise, newest first in messages/getAll', async () => {
    const thread = await addThread(server());
    const first = await asStaff(server(), a(), 'messages/add', { MessageThreadId: thread.Id, Text: 'Welcome!' });
    expect(first.status).toBe(200);
    expect(first.body.Message).toEqual({
      Id: expect.any(String),
      MessageThreadId: thread.Id,
      Text: 'Welcome!',
      Sender: { Discriminator: 'Enterprise', Value: null },
      CreatedUtc: expect.stringMatching(WHOLE_SECOND_UTC),
      Author: { Id: staffA.id, Name: staffA.name },
    });
    const second = await asStaff(server(), a(), 'messages/add', { MessageThreadId: thread.Id, Text: 'Anything else?' });
    const listed = await asStaff(server(), a(), 'messages/getAll', { MessageThreadId: thread.Id, Limitation: { Count: 10 } });
    expect(listed.status).toBe(200);
    expect(listed.body.Messages).toEqual([second.body.Message, first.body.Message]);
    expect(listed.body.Cursor).toBe(first.body.Message.Id);
    const next = await asStaff(server(), a(), 'messages/getAll', { MessageThreadId: thread.Id, Limitation: { Count: 1, Cursor: second.body.Message.Id } });
    expect(next.body.Messages).toEqual([first.body.Message]);
    const end = await asStaff(server(), a(), 'messages/getAll', { MessageThreadId: thread.Id, Limitation: { Count: 1, Cursor: first.body.Message.Id } });
    expect(end.body).toEqual({ Messages: [], Cursor: null });
  });

  it('shows the reply to the integration through the Connector API, beside the guest\'s messages', async () => {
    const thread = await addThread(server());
    const guest = await server().post('/api/connector/v1/messages/add', {
      ...demo.a,
      Messages: [{ Identifier: 'g1', MessageThreadId: thread.Id, Text: 'Is the pool open?' }],
    });
    expect(guest.status).toBe(200);
    const reply = await asStaff(server(), a(), 'messages/add', { MessageThreadId: thread.Id, Text: 'Until 10 pm.' });
    const seen = await server().post('/api/connector/v1/messages/getAll', {
      ...demo.a,
      MessageThreadIds: [thread.Id],
      Limitation: { Count: 10 },
    });
    expect(seen.status).toBe(200);
    // The Connector API shows Sender Enterprise alone, as the public service does: never who of the staff wrote it.
    const { Author, ...asTheIntegrationSeesIt } = reply.body.Message;
    expect(Author).toEqual({ Id: staffA.id, Name: staffA.name });
    expect(seen.body.Messages).toEqual([
      asTheIntegrationSeesIt,
      { ...guest.body.Messages[0].Message, Sender: { Discriminator: 'Application', Value: null } },
    ]);
    const inbox = await asStaff(server(), a(), 'messages/getAll', { MessageThreadId: thread.Id, Limitation: { Count: 10 } });
    expect(inbox.body.Messages).toEqual([reply.body.Message, { ...seen.body.Messages[1], Author: null }]);
  });

  it('reopens a resolved thread and moves its UpdatedUtc to the reply', async () => {
    const thread = await addThread(server(), demo.a, { Subject: 'Reopened by a reply' });
    await asStaff(server(), a(), 'messageThreads/resolve', { MessageThreadId: thread.Id });
    const reply = await asStaff(server(), a(), 'messages/add', { MessageThreadId: thread.Id, Text: 'Reopening' });
    const listed = await asStaff(server(), a(), 'messageThreads/getAll', { Limitation: { Count: 1 }, Search: 'Reopened by a reply' });
    expect(listed.body.MessageThreads[0]).toMatchObject({
      Id: thread.Id,
      IsResolved: false,
      UpdatedUtc: reply.body.Message.CreatedUtc,
      LastMessage: reply.body.Message,
    });
  });

  it('never reads or writes another enterprise\'s thread: Invalid MessageThreadId, nothing stored', async () => {
    const inB = await addThread(server(), demo.b);
    for (const id of [inB.Id, crypto.randomUUID()]) {
      const add = await asStaff(server(), a(), 'messages/add', { MessageThreadId: id, Text: 'probe' });
      expect(add.status).toBe(400);
      expect(add.body.Message).toBe('Invalid MessageThreadId');
      const list = await asStaff(server(), a(), 'messages/getAll', { MessageThreadId: id, Limitation: { Count: 10 } });
      expect(list.status).toBe(400);
      expect(list.body.Message).toBe('Invalid MessageThreadId');
    }
    const stored = await server().database.selectFrom('messages').select('id').where('message_thread_id', '=', inB.Id).execute();
    expect(stored).toEqual([]);
  });

  it("answers Invalid MessageThreadId for another enterprise's thread that has messages, before any Invalid Cursor", async () => {
    const inB = await addThread(server(), demo.b);
    const guest = await server().post('/api/connector/v1/messages/add', {
      ...demo.b,
      Messages: [{ MessageThreadId: inB.Id, Text: 'Hello from B' }],
    });
    expect(guest.status).toBe(200);
    const ownThread = await addThread(server());
    const own = await asStaff(server(), a(), 'messages/add', { MessageThreadId: ownThread.Id, Text: 'mine' });
    for (const Cursor of [null, guest.body.Messages[0].Message.Id, own.body.Message.Id, crypto.randomUUID()]) {
      const list = await asStaff(server(), a(), 'messages/getAll', { MessageThreadId: inB.Id, Limitation: { Count: 10, Cursor } });
      expect(list.status, String(Cursor)).toBe(400);
      expect(list.body.Message).toBe('Invalid MessageThreadId');
    }
  });

  it('rejects a Cursor that is not a message of the thread', async () => {
    const [one, two] = [await addThread(server()), await addThread(server())];
    const reply = await asStaff(server(), a(), 'messages/add', { MessageThreadId: one.Id, Text: 'x' });
    const response = await asStaff(server(), a(), 'messages/getAll', { MessageThreadId: two.Id, Limitation: { Count: 5, Cursor: reply.body.Message.Id } });
    expect(response.status).toBe(400);
    expect(response.body.Message).toBe('Invalid Cursor');
  });

  it('rejects bad input with 400 naming the parameter', async () => {
    const thread = await addThread(server());
    const cases: [string, unknown, RegExp][] = [
      ['messages/add', { MessageThreadId: thread.Id }, /^Invalid Text: the parameter is required/],
      ['messages/add', { MessageThreadId: thread.Id, Text: '' }, /^Invalid Text: must not be empty/],
      ['messages/add', { MessageThreadId: thread.Id, Text: '   ' }, /^Invalid Text: must not be blank/],
      ['messages/add', { MessageThreadId: thread.Id, Text: 7 }, /^Invalid Text: must be of type string/],
      ['messages/add', { MessageThreadId: 'x', Text: 'hi' }, /^Invalid MessageThreadId: must be a valid UUID/],
      ['messages/getAll', { MessageThreadId: thread.Id }, /^Invalid Limitation: the parameter is required/],
      ['messages/getAll', { Limitation: { Count: 1 } }, /^Invalid MessageThreadId: the parameter is required/],
      ['messages/getAll', { MessageThreadId: thread.Id, Limitation: { Count: 1001 } }, /^Invalid Limitation\.Count/],
    ];
    for (const [operation, body, message] of cases) {
      const response = await asStaff(server(), a(), operation, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.Message).toMatch(message);
    }
    expect(await server().database.selectFrom('messages').select('id').where('message_thread_id', '=', thread.Id).execute()).toEqual([]);
  });
});
