import { beforeAll, describe, expect, it } from 'vitest';
import { adminClient } from '../../helpers/admin.ts';
import { addThread } from '../../helpers/connector.ts';
import { demo, enterpriseA, enterpriseB } from '../../helpers/sandbox.ts';
import { addColleague, type Colleague } from './colleague.ts';
import { asStaff, openEventStream, signIn, staffA, staffB, useSignedInServer, type SignedIn } from './staff-client.ts';

describe('enterprise API: messageThreads/assign', () => {
  const { server, a } = useSignedInServer();
  const list = (session: SignedIn, body: object) =>
    asStaff(server(), session, 'messageThreads/getAll', { Limitation: { Count: 100 }, ...body });
  let colleague: Colleague;
  let b: SignedIn;
  beforeAll(async () => {
    colleague = await addColleague(server(), enterpriseA, 'Nora Night');
    b = await signIn(server(), staffB.email);
  });

  const ids = (response: { body: any }) => response.body.MessageThreads.map((t: { Id: string }) => t.Id);
  /** The stream's next event about one of these threads: a stream may still bring what happened just before it opened. */
  async function nextAbout(stream: { next(): Promise<{ data: any }> }, ...threadIds: string[]) {
    for (;;) {
      const event = await stream.next();
      if (threadIds.includes(event.data.MessageThreadId)) return event.data;
    }
  }

  it('assigns to oneself or a colleague and unassigns, shown in the list and filtered by Mine and Unassigned', async () => {
    const tag = 'assign-filter';
    const mine = await addThread(server(), demo.a, { OriginalSender: `Mia ${tag}` });
    const theirs = await addThread(server(), demo.a, { OriginalSender: `Theo ${tag}` });
    const nobodys = await addThread(server(), demo.a, { OriginalSender: `Nina ${tag}` });

    const assigned = await asStaff(server(), a(), 'messageThreads/assign', { MessageThreadId: mine.Id, StaffId: staffA.id });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toEqual({ MessageThread: mine, AssignedStaff: { Id: staffA.id, Name: staffA.name } });
    await asStaff(server(), a(), 'messageThreads/assign', { MessageThreadId: theirs.Id, StaffId: colleague.id });

    const all = await list(a(), { Search: tag });
    expect(all.body.MessageThreads.map((t: any) => [t.Id, t.AssignedStaff])).toEqual([
      [nobodys.Id, null],
      [theirs.Id, { Id: colleague.id, Name: 'Nora Night' }],
      [mine.Id, { Id: staffA.id, Name: staffA.name }],
    ]);
    expect(ids(await list(a(), { Search: tag, Assignment: 'Mine' }))).toEqual([mine.Id]);
    expect(ids(await list(colleague, { Search: tag, Assignment: 'Mine' }))).toEqual([theirs.Id]);
    expect(ids(await list(a(), { Search: tag, Assignment: 'Unassigned' }))).toEqual([nobodys.Id]);
    expect(ids(await list(a(), { Search: tag, Assignment: null }))).toEqual([nobodys.Id, theirs.Id, mine.Id]);

    const unassigned = await asStaff(server(), colleague, 'messageThreads/assign', { MessageThreadId: theirs.Id, StaffId: null });
    expect(unassigned.body.AssignedStaff).toBeNull();
    expect(ids(await list(a(), { Search: tag, Assignment: 'Unassigned' }))).toEqual([nobodys.Id, theirs.Id]);
  });

  it('changes nothing the integration sees: not UpdatedUtc, not the thread', async () => {
    const thread = await addThread(server(), demo.a, { OriginalSender: 'Quiet Assign' });
    await asStaff(server(), a(), 'messageThreads/assign', { MessageThreadId: thread.Id, StaffId: colleague.id });
    const seen = await server().post('/api/connector/v1/messageThreads/getAll', { ...demo.a, MessageThreadIds: [thread.Id], Limitation: { Count: 1 } });
    expect(seen.body.MessageThreads).toEqual([thread]);
  });

  it('streams MessageThreadAssigned to every open inbox of the enterprise, and only when it changes', async () => {
    const stream = await openEventStream(server().url, { authorization: `Bearer ${colleague.token}` });
    const other = await openEventStream(server().url, { authorization: `Bearer ${b.token}` });
    try {
      const thread = await addThread(server(), demo.a, { OriginalSender: 'Live Assign' });
      expect(await nextAbout(stream, thread.Id)).toMatchObject({ Discriminator: 'MessageThreadAdded' });
      await asStaff(server(), a(), 'messageThreads/assign', { MessageThreadId: thread.Id, StaffId: staffA.id });
      await asStaff(server(), a(), 'messageThreads/assign', { MessageThreadId: thread.Id, StaffId: staffA.id });
      await asStaff(server(), a(), 'messageThreads/assign', { MessageThreadId: thread.Id, StaffId: null });
      const inB = await addThread(server(), demo.b, { OriginalSender: 'Marker for B' });
      const marker = await addThread(server(), demo.a, { OriginalSender: 'Marker' });
      expect(await nextAbout(stream, thread.Id, marker.Id)).toEqual({
        Discriminator: 'MessageThreadAssigned',
        MessageThreadId: thread.Id,
        MessageId: null,
        CreatedUtc: expect.any(String),
      });
      expect(await nextAbout(stream, thread.Id, marker.Id)).toMatchObject({ Discriminator: 'MessageThreadAssigned', MessageThreadId: thread.Id });
      // The repeated assignment changed nothing, so the next event is the marker thread's.
      expect(await nextAbout(stream, thread.Id, marker.Id)).toMatchObject({ Discriminator: 'MessageThreadAdded', MessageThreadId: marker.Id });
      // Enterprise B's staff hear of their own thread only.
      expect(await nextAbout(other, thread.Id, inB.Id)).toMatchObject({ Discriminator: 'MessageThreadAdded', MessageThreadId: inB.Id });
    } finally {
      stream.close();
      other.close();
    }
  });

  it("answers Invalid MessageThreadId for another enterprise's thread and Invalid StaffId for another enterprise's staff, changing nothing", async () => {
    const inB = await addThread(server(), demo.b);
    const own = await addThread(server(), demo.a, { OriginalSender: 'Isolated Assign' });
    const cases: [string, unknown, string][] = [
      ['B thread, own staff', { MessageThreadId: inB.Id, StaffId: staffA.id }, 'Invalid MessageThreadId'],
      ['B thread, B staff', { MessageThreadId: inB.Id, StaffId: staffB.id }, 'Invalid MessageThreadId'],
      ['B thread, unassign', { MessageThreadId: inB.Id, StaffId: null }, 'Invalid MessageThreadId'],
      ['unknown thread', { MessageThreadId: crypto.randomUUID(), StaffId: staffA.id }, 'Invalid MessageThreadId'],
      ['own thread, B staff', { MessageThreadId: own.Id, StaffId: staffB.id }, 'Invalid StaffId'],
      ['own thread, unknown staff', { MessageThreadId: own.Id, StaffId: crypto.randomUUID() }, 'Invalid StaffId'],
    ];
    for (const [name, body, message] of cases) {
      const response = await asStaff(server(), a(), 'messageThreads/assign', body);
      expect(response.status, name).toBe(400);
      expect(response.body, name).toEqual({ Message: message, RequestId: response.headers.get('request-id'), Details: null });
    }
    // Staff of B cannot assign A's threads either, not even to themselves.
    const fromB = await asStaff(server(), b, 'messageThreads/assign', { MessageThreadId: own.Id, StaffId: staffB.id });
    expect(fromB.body.Message).toBe('Invalid MessageThreadId');
    const rows = await server().database.selectFrom('message_threads').select('assigned_staff_id').where('id', 'in', [inB.Id, own.Id]).execute();
    expect(rows).toEqual([{ assigned_staff_id: null }, { assigned_staff_id: null }]);
    // B's list shows nothing of A's assignments.
    expect((await list(b, { Assignment: 'Mine' })).body.MessageThreads).toEqual([]);
  });

  it('rejects bad input with 400 naming the parameter', async () => {
    const thread = await addThread(server());
    const cases: [unknown, RegExp][] = [
      [{ MessageThreadId: thread.Id }, /^Invalid StaffId: the parameter is required/],
      [{ MessageThreadId: thread.Id, StaffId: 'me' }, /^Invalid StaffId/],
      [{ StaffId: null }, /^Invalid MessageThreadId: the parameter is required/],
    ];
    for (const [body, message] of cases) {
      const response = await asStaff(server(), a(), 'messageThreads/assign', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.Message).toMatch(message);
    }
    const filter = await list(a(), { Assignment: 'Theirs' });
    expect(filter.status).toBe(400);
    expect(filter.body.Message).toMatch(/^Invalid Assignment/);
  });

  it('unassigns the threads of a removed staff member, live, and keeps their replies under their name', async () => {
    const leaving = await addColleague(server(), enterpriseA, 'Leo Leaving');
    const stream = await openEventStream(server().url, { authorization: `Bearer ${a().token}` });
    const thread = await addThread(server(), demo.a, { OriginalSender: 'Left Behind' });
    let reply;
    try {
      await asStaff(server(), leaving, 'messageThreads/assign', { MessageThreadId: thread.Id, StaffId: leaving.id });
      reply = await asStaff(server(), leaving, 'messages/add', { MessageThreadId: thread.Id, Text: 'I will check.' });
      const removed = await adminClient(server())('staff/remove', { StaffId: leaving.id });
      expect(removed.status).toBe(200);
      const events = [];
      for (let i = 0; i < 4; i++) events.push((await nextAbout(stream, thread.Id)).Discriminator);
      expect(events).toEqual(['MessageThreadAdded', 'MessageThreadAssigned', 'MessageAdded', 'MessageThreadAssigned']);
    } finally {
      stream.close();
    }
    const [listed] = (await list(a(), { Search: 'Left Behind' })).body.MessageThreads;
    expect(listed.AssignedStaff).toBeNull();
    expect(listed.LastMessage.Author).toEqual({ Id: leaving.id, Name: 'Leo Leaving' });
    const messages = await asStaff(server(), a(), 'messages/getAll', { MessageThreadId: thread.Id, Limitation: { Count: 10 } });
    expect(messages.body.Messages).toEqual([reply.body.Message]);
    expect(ids(await list(a(), { Search: 'Left Behind', Assignment: 'Unassigned' }))).toEqual([thread.Id]);
  });
});

describe('enterprise API: staff/getAll', () => {
  const started = useSignedInServer();

  it("lists the enterprise's staff by name, Id and Name only, and no other enterprise's", async () => {
    const colleague = await addColleague(started.server(), enterpriseA, 'Ada Early');
    await addColleague(started.server(), enterpriseB, 'Bea Other');
    const response = await asStaff(started.server(), started.a(), 'staff/getAll', {});
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      StaffMembers: [
        { Id: colleague.id, Name: 'Ada Early' },
        { Id: staffA.id, Name: staffA.name },
      ],
    });
  });
});
