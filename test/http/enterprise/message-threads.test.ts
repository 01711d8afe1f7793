import { beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../src/domain/passwords.ts';
import { DEMO_SANDBOX_ID } from '../../../src/domain/sandboxes.ts';
import { SANDBOX_MESSAGE_THREAD } from '../../../src/store/sandbox-seed.ts';
import { adminClient, ok } from '../../helpers/admin.ts';
import { demo, enterpriseA } from '../../helpers/sandbox.ts';
import { startTestServer } from '../../helpers/server.ts';
import { addThread } from '../../helpers/connector.ts';
import { asStaff, signIn, staffB, useSignedInServer, type SignedIn } from './staff-client.ts';

const page = (Count: number, Cursor?: string | null) => ({ Limitation: { Count, Cursor } });
/** Enterprise A's seeded thread, older than any a test adds: always last. */
const DEMO_THREAD_ID = SANDBOX_MESSAGE_THREAD.id;

describe('enterprise API: messageThreads/getAll', () => {
  const { server, a } = useSignedInServer();
  let b: SignedIn;
  beforeAll(async () => {
    b = await signIn(server(), staffB.email);
  });

  const ids = (response: { body: any }) => response.body.MessageThreads.map((t: { Id: string }) => t.Id);

  it('lists every thread of the enterprise from every integration, latest activity first, and no other enterprise\'s', async () => {
    const first = await addThread(server(), demo.a, { OriginalSender: 'Ann Guest', Subject: 'Late arrival' });
    const other = await addThread(server(), demo.otherApplication, { OriginalSender: 'Bob Other', Subject: 'Parking' });
    const inB = await addThread(server(), demo.b, { OriginalSender: 'Cid B', Subject: 'Breakfast' });
    const response = await asStaff(server(), a(), 'messageThreads/getAll', page(100));
    expect(response.status).toBe(200);
    expect(ids(response)).toEqual([other.Id, first.Id, DEMO_THREAD_ID]);
    expect(response.body.Cursor).toBe(DEMO_THREAD_ID);
    expect(response.body.MessageThreads[0]).toEqual({
      ...other,
      ApplicationId: 'abab09e0-10db-47bd-93af-a573796624f7',
      ApplicationName: 'Connector API Test Client 2',
      IsUnread: true,
      AssignedStaff: null,
      LastMessage: null,
    });
    expect(ids(await asStaff(server(), b, 'messageThreads/getAll', page(100)))).toEqual([inB.Id]);
  });

  it('pages by Cursor without repeating or skipping, ending with an empty page and a null Cursor', async () => {
    const server2 = await startTestServer();
    try {
      const session = await signIn(server2);
      const created: string[] = [];
      for (let i = 0; i < 5; i++) created.push((await addThread(server2, demo.a, { Subject: `T${i}` })).Id);
      const seen: string[] = [];
      let cursor: string | null = null;
      for (;;) {
        const response = await asStaff(server2, session, 'messageThreads/getAll', page(2, cursor));
        seen.push(...ids(response));
        cursor = response.body.Cursor;
        if (cursor === null) break;
      }
      expect(seen).toEqual([...[...created].reverse(), DEMO_THREAD_ID]);
    } finally {
      await server2.close();
    }
  });

  it('rejects a Cursor that is not a thread of the enterprise', async () => {
    const inB = await addThread(server(), demo.b);
    const response = await asStaff(server(), a(), 'messageThreads/getAll', page(10, inB.Id));
    expect(response.status).toBe(400);
    expect(response.body.Message).toBe('Invalid Cursor');
  });

  it('continues after a Cursor whose thread no longer matches the filter', async () => {
    const server2 = await startTestServer();
    try {
      // A page continues from the Cursor thread's position now: with a clock that moves, a resolve in a later second
      // than `newer` was added would move `middle` above it. The frozen clock keeps every position where it was.
      await ok(adminClient(server2)('clock/set', { SandboxId: DEMO_SANDBOX_ID, NowUtc: '2031-01-02T03:04:05Z', Frozen: true }));
      const session = await signIn(server2);
      const [older, middle, newer] = [
        (await addThread(server2, demo.a, { Subject: 'older' })).Id,
        (await addThread(server2, demo.a, { Subject: 'middle' })).Id,
        (await addThread(server2, demo.a, { Subject: 'newer' })).Id,
      ];
      const first = await asStaff(server2, session, 'messageThreads/getAll', { ...page(2), IsResolved: false });
      expect(ids(first)).toEqual([newer, middle]);
      await asStaff(server2, session, 'messageThreads/resolve', { MessageThreadId: middle });
      const next = await asStaff(server2, session, 'messageThreads/getAll', { ...page(2, first.body.Cursor), IsResolved: false });
      expect(next.status).toBe(200);
      expect(ids(next)).toEqual([older, DEMO_THREAD_ID]);
      const resolved = await asStaff(server2, session, 'messageThreads/getAll', { ...page(10), IsResolved: true });
      expect(resolved.body.MessageThreads).toEqual([expect.objectContaining({ Id: middle, UpdatedUtc: '2031-01-02T03:04:05Z' })]);
    } finally {
      await server2.close();
    }
  });

  it('filters by IsResolved and searches guest name and subject, case-insensitively and literally', async () => {
    const resolved = await addThread(server(), demo.a, { OriginalSender: 'Dora Resolved', Subject: '100% done' });
    await asStaff(server(), a(), 'messageThreads/resolve', { MessageThreadId: resolved.Id });
    const open = await addThread(server(), demo.a, { OriginalSender: 'Eve Open', Subject: 'Towels_please' });
    const unresolved = ids(await asStaff(server(), a(), 'messageThreads/getAll', { ...page(100), IsResolved: false }));
    expect(unresolved).toContain(open.Id);
    expect(unresolved).not.toContain(resolved.Id);
    expect(ids(await asStaff(server(), a(), 'messageThreads/getAll', { ...page(100), IsResolved: true }))).toEqual([resolved.Id]);
    expect(ids(await asStaff(server(), a(), 'messageThreads/getAll', { ...page(100), Search: 'dora' }))).toEqual([resolved.Id]);
    expect(ids(await asStaff(server(), a(), 'messageThreads/getAll', { ...page(100), Search: 'TOWELS' }))).toEqual([open.Id]);
    expect(ids(await asStaff(server(), a(), 'messageThreads/getAll', { ...page(100), Search: '0%' }))).toEqual([resolved.Id]);
    expect(ids(await asStaff(server(), a(), 'messageThreads/getAll', { ...page(100), Search: 's_p' }))).toEqual([open.Id]);
    expect(ids(await asStaff(server(), a(), 'messageThreads/getAll', { ...page(100), Search: 'nothing like it' }))).toEqual([]);
  });

  it('tracks unread state per staff member: opening a thread reads it, a colleague\'s reply makes it unread again', async () => {
    const colleague = { id: crypto.randomUUID(), email: 'night@enterprise-a.sandbox' };
    await server().database
      .insertInto('staff')
      .values({
        id: colleague.id,
        enterprise_id: enterpriseA,
        email: colleague.email,
        name: 'Night shift',
        password_hash: await hashPassword('night'),
        created_utc: 0,
      })
      .execute();
    const night = await signIn(server(), colleague.email, 'night');
    const thread = await addThread(server(), demo.a, { OriginalSender: 'Fay Unread' });
    const unread = async (session: SignedIn) =>
      (await asStaff(server(), session, 'messageThreads/getAll', { ...page(100), Search: 'Fay Unread' })).body.MessageThreads[0].IsUnread;
    expect(await unread(a())).toBe(true);
    await asStaff(server(), a(), 'messages/getAll', { MessageThreadId: thread.Id, ...page(10) });
    expect(await unread(a())).toBe(false);
    expect(await unread(night)).toBe(true);
    await asStaff(server(), night, 'messages/add', { MessageThreadId: thread.Id, Text: 'On it.' });
    expect(await unread(night)).toBe(false);
    expect(await unread(a())).toBe(true);
    const listed = (await asStaff(server(), a(), 'messageThreads/getAll', { ...page(1), Search: 'Fay Unread' })).body.MessageThreads[0];
    expect(listed.LastMessage).toMatchObject({ Text: 'On it.', Sender: { Discriminator: 'Enterprise', Value: null } });
  });

  it('rejects bad input with 400 naming the parameter', async () => {
    const cases: [unknown, RegExp][] = [
      [{}, /^Invalid Limitation: the parameter is required/],
      [page(0), /^Invalid Limitation\.Count/],
      [page(1001), /^Invalid Limitation\.Count/],
      [{ Limitation: { Count: 'ten' } }, /^Invalid Limitation\.Count/],
      [page(1, 'not-a-uuid'), /^Invalid Limitation\.Cursor/],
      [{ ...page(1), IsResolved: 'yes' }, /^Invalid IsResolved/],
      [{ ...page(1), Search: 'x'.repeat(201) }, /^Invalid Search/],
    ];
    for (const [body, message] of cases) {
      const response = await asStaff(server(), a(), 'messageThreads/getAll', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.Message).toMatch(message);
    }
  });
});

describe('enterprise API: messageThreads/resolve and reopen', () => {
  const { server, a } = useSignedInServer();

  it('resolves and reopens a thread of the enterprise', async () => {
    const thread = await addThread(server());
    const resolved = await asStaff(server(), a(), 'messageThreads/resolve', { MessageThreadId: thread.Id });
    expect(resolved.status).toBe(200);
    expect(resolved.body.MessageThread).toMatchObject({ Id: thread.Id, IsResolved: true, OriginalSender: thread.OriginalSender });
    const again = await asStaff(server(), a(), 'messageThreads/resolve', { MessageThreadId: thread.Id });
    expect(again.body.MessageThread.IsResolved).toBe(true);
    const reopened = await asStaff(server(), a(), 'messageThreads/reopen', { MessageThreadId: thread.Id });
    expect(reopened.body.MessageThread.IsResolved).toBe(false);
    const listed = await asStaff(server(), a(), 'messageThreads/getAll', { Limitation: { Count: 10 }, IsResolved: false });
    expect(listed.body.MessageThreads.map((t: { Id: string }) => t.Id)).toContain(thread.Id);
  });

  it('shows IsResolved and the new UpdatedUtc to the integration through the Connector API', async () => {
    const thread = await addThread(server());
    const resolved = await asStaff(server(), a(), 'messageThreads/resolve', { MessageThreadId: thread.Id });
    const seen = await server().post('/api/connector/v1/messageThreads/getAll', { ...demo.a, MessageThreadIds: [thread.Id], Limitation: { Count: 1 } });
    expect(seen.status).toBe(200);
    expect(seen.body.MessageThreads).toEqual([{ ...thread, IsResolved: true, UpdatedUtc: resolved.body.MessageThread.UpdatedUtc }]);
  });

  it('answers Invalid MessageThreadId for another enterprise\'s thread or an unknown one, and changes nothing', async () => {
    const inB = await addThread(server(), demo.b);
    for (const action of ['resolve', 'reopen']) {
      for (const id of [inB.Id, crypto.randomUUID()]) {
        const response = await asStaff(server(), a(), `messageThreads/${action}`, { MessageThreadId: id });
        expect(response.status).toBe(400);
        expect(response.body).toEqual({ Message: 'Invalid MessageThreadId', RequestId: response.headers.get('request-id'), Details: null });
      }
    }
    const row = await server().database.selectFrom('message_threads').select('is_resolved').where('id', '=', inB.Id).executeTakeFirst();
    expect(row?.is_resolved).toBe(0);
    const bad = await asStaff(server(), a(), 'messageThreads/resolve', { MessageThreadId: 'nope' });
    expect(bad.status).toBe(400);
    expect(bad.body.Message).toMatch(/^Invalid MessageThreadId: must be a valid UUID/);
  });
});
