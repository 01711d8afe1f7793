import { beforeAll, describe, expect, it } from 'vitest';
import { addMessages, addThread } from '../../helpers/connector.ts';
import { demo } from '../../helpers/sandbox.ts';
import { asStaff, signIn, staffB, useSignedInServer, type SignedIn } from './staff-client.ts';

const page = (Count: number, Cursor?: string | null) => ({ Limitation: { Count, Cursor } });

describe('enterprise API: messageThreads/getAll searches message text and counts each state', () => {
  const { server, a } = useSignedInServer();
  let b: SignedIn;
  beforeAll(async () => {
    b = await signIn(server(), staffB.email);
  });

  const search = async (session: SignedIn, Search: string, more: object = {}) => {
    const response = await asStaff(server(), session, 'messageThreads/getAll', { ...page(100), Search, ...more });
    expect(response.status, response.text).toBe(200);
    return response.body;
  };
  const ids = (body: any) => body.MessageThreads.map((t: { Id: string }) => t.Id);

  it('finds a thread by the text of any of its messages, case-insensitively, in its own enterprise only', async () => {
    const thread = await addThread(server(), demo.a, { OriginalSender: 'Gus Guest', Subject: 'Room' });
    const other = await addThread(server(), demo.a, { OriginalSender: 'Hal Guest', Subject: 'Room' });
    await addMessages(server(), demo.a, [
      { MessageThreadId: thread.Id, Text: 'Could the Minibar be refilled?' },
      { MessageThreadId: thread.Id, Text: 'Thanks!' },
      { MessageThreadId: other.Id, Text: 'Where is the spa?' },
    ]);
    const inB = await addThread(server(), demo.b, { OriginalSender: 'Ida B', Subject: 'Room' });
    await addMessages(server(), demo.b, [{ MessageThreadId: inB.Id, Text: 'The minibar is empty' }]);

    // An older message matches too, not only the last one; the thread is listed once whatever the number of matches.
    expect(ids(await search(a(), 'MINIBAR'))).toEqual([thread.Id]);
    expect(ids(await search(a(), 'bar be refil'))).toEqual([thread.Id]);
    expect(ids(await search(b, 'minibar'))).toEqual([inB.Id]);
    expect(ids(await search(a(), 'is the spa'))).toEqual([other.Id]);
    // Staff replies are messages of the thread too.
    await asStaff(server(), a(), 'messages/add', { MessageThreadId: other.Id, Text: 'It opens at nine.' });
    expect(ids(await search(a(), 'opens at nine'))).toEqual([other.Id]);
    expect(ids(await search(b, 'opens at nine'))).toEqual([]);
    // With IsResolved the same search is narrowed to that state.
    await asStaff(server(), a(), 'messageThreads/resolve', { MessageThreadId: thread.Id });
    expect(ids(await search(a(), 'minibar', { IsResolved: false }))).toEqual([]);
    expect(ids(await search(a(), 'minibar', { IsResolved: true }))).toEqual([thread.Id]);
  });

  it('takes wildcards, quotes and full-text operators literally', async () => {
    const texts = ['Discount 100% off', 'file_name.txt', 'He said "late checkout" twice', "It's O'Brien's key", 'cats AND dogs', 'NEAR(a b) * ^x -y', 'pair \u{1F600}, \u0001 control'];
    const threads = new Map<string, string>();
    for (const text of texts) {
      const thread = await addThread(server(), demo.a, { OriginalSender: 'Literal Guest', Subject: 'Symbols' });
      await addMessages(server(), demo.a, [{ MessageThreadId: thread.Id, Text: text }]);
      threads.set(text, thread.Id);
    }
    const cases: [string, string[]][] = [
      ['100%', ['Discount 100% off']],
      ['0% o', ['Discount 100% off']],
      ['e_n', ['file_name.txt']],
      ['"late checkout"', ['He said "late checkout" twice']],
      ['d "la', ['He said "late checkout" twice']],
      ["O'Brien's", ["It's O'Brien's key"]],
      ['cats AND dogs', ['cats AND dogs']],
      ['cats OR nothing', []],
      ['s AND d', ['cats AND dogs']],
      ['NEAR(a b)', ['NEAR(a b) * ^x -y']],
      ['* ^x -y', ['NEAR(a b) * ^x -y']],
      ['\u{1F600}, \u0001 con', ['pair \u{1F600}, \u0001 control']],
      ['%%%', []],
      ['___', []],
      ['\\', []],
    ];
    for (const [text, expected] of cases) {
      expect(ids(await search(a(), text)), text).toEqual(expected.map((t) => threads.get(t)));
    }
  });

  it('looks in message text from three characters on; shorter searches match guest name and subject only', async () => {
    const thread = await addThread(server(), demo.a, { OriginalSender: 'Jo Qz', Subject: 'Short' });
    await addMessages(server(), demo.a, [{ MessageThreadId: thread.Id, Text: 'Xq xq' }]);
    expect(ids(await search(a(), 'xq'))).toEqual([]);
    expect(ids(await search(a(), 'xq x'))).toEqual([thread.Id]);
    expect(ids(await search(a(), 'Qz'))).toEqual([thread.Id]);
  });

  it('counts the open and resolved threads the search matches with the first page only, whatever IsResolved asks', async () => {
    const tag = `Counted ${crypto.randomUUID()}`;
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await addThread(server(), demo.a, { OriginalSender: `${tag} ${i}`, Subject: 'Count' })).Id);
    for (const id of made.slice(0, 2)) await asStaff(server(), a(), 'messageThreads/resolve', { MessageThreadId: id });
    const counts = { Open: 3, Resolved: 2, All: 5 };

    const first = await search(a(), tag, { ...page(2), IsResolved: false });
    expect(first.Counts).toEqual(counts);
    expect(first.MessageThreads).toHaveLength(2);
    expect((await search(a(), tag, { ...page(2), IsResolved: true })).Counts).toEqual(counts);
    expect((await search(a(), tag, { ...page(2) })).Counts).toEqual(counts);
    const next = await search(a(), tag, { ...page(2, first.Cursor), IsResolved: false });
    expect(next.Counts).toBeNull();
    expect(next.MessageThreads).toHaveLength(1);
    // Another enterprise counts its own threads only.
    expect((await search(b, tag)).Counts).toEqual({ Open: 0, Resolved: 0, All: 0 });

    // Without a search, every thread of the enterprise is counted.
    const all = await asStaff(server(), a(), 'messageThreads/getAll', page(1));
    const every = await asStaff(server(), a(), 'messageThreads/getAll', page(1000));
    const resolved = every.body.MessageThreads.filter((t: { IsResolved: boolean }) => t.IsResolved).length;
    expect(all.body.Counts).toEqual({ Open: every.body.MessageThreads.length - resolved, Resolved: resolved, All: every.body.MessageThreads.length });
  });

  it('pages "All" as one list over both states, latest activity first, without repeating or skipping', async () => {
    const tag = `Both ${crypto.randomUUID()}`;
    const made: string[] = [];
    for (let i = 0; i < 7; i++) made.unshift((await addThread(server(), demo.a, { OriginalSender: `${tag} ${i}`, Subject: 'Both' })).Id);
    for (const id of [made[1]!, made[4]!]) {
      await asStaff(server(), a(), 'messageThreads/resolve', { MessageThreadId: id });
    }
    // Resolving moves UpdatedUtc within the same second at most: the order is by UpdatedUtc, then creation.
    const expected = ids(await search(a(), tag, page(100)));
    expect(new Set(expected)).toEqual(new Set(made));
    const seen: string[] = [];
    let cursor: string | null = null;
    for (;;) {
      const body = await search(a(), tag, page(3, cursor));
      if (body.MessageThreads.length === 0) break;
      seen.push(...ids(body));
      cursor = body.Cursor;
    }
    expect(seen).toEqual(expected);
  });
});
