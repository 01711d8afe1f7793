import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendMessages } from '../../src/domain/messages.ts';
import { addCalendarMonths, formatUtc, nowUtc, parseUtc } from '../../src/domain/time.ts';
import { demo, enterpriseA, enterpriseB } from '../helpers/sandbox.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { addMessages, addThread, aroundNow, expectInvalid, getPage, pageAll, CONNECTOR_PATHS, type Credentials, type MessagesRequest } from '../helpers/connector.ts';

const GET = CONNECTOR_PATHS.getMessages;

describe('messages/getAll', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('pages a thread\'s messages newest first, in creation order within a second, to an empty page with a null Cursor', async () => {
    const thread = await addThread(server, demo.a);
    const first = await addMessages(server, demo.a, Array.from({ length: 7 }, (_, i) => ({ MessageThreadId: thread.Id, Text: `#${i}` })));
    const second = await addMessages(server, demo.a, [{ MessageThreadId: thread.Id, Text: 'later' }]);
    const newestFirst = [...first, ...second].map((m) => m.Id).toReversed();

    const body = { ...demo.a, MessageThreadIds: [thread.Id] };
    const page1 = await getPage(server, 'messages', { ...body, Limitation: { Count: 3 } });
    expect(page1.items.map((m) => m.Id)).toEqual(newestFirst.slice(0, 3));
    const page2 = await getPage(server, 'messages', { ...body, Limitation: { Count: 3, Cursor: page1.cursor } });
    expect(page2.items.map((m) => m.Id)).toEqual(newestFirst.slice(3, 6));
    const page3 = await getPage(server, 'messages', { ...body, Limitation: { Count: 3, Cursor: page2.cursor } });
    expect(page3.items.map((m) => m.Id)).toEqual(newestFirst.slice(6));
    expect(await getPage(server, 'messages', { ...body, Limitation: { Count: 3, Cursor: page3.cursor } })).toEqual({ items: [], cursor: null });
    expect(await pageAll(server, 'messages', body, 1)).toEqual(newestFirst);
  });

  it('merges several threads into one order, and includes the enterprise\'s replies', async () => {
    const [one, two] = [await addThread(server, demo.a), await addThread(server, demo.a)];
    const ids: string[] = [];
    ids.push(...(await addMessages(server, demo.a, [{ MessageThreadId: one.Id, Text: 'guest, one' }])).map((m) => m.Id));
    ids.push(...(await addMessages(server, demo.a, [{ MessageThreadId: two.Id, Text: 'guest, two' }])).map((m) => m.Id));
    // Staff write through the same domain function, as Sender Enterprise.
    const [reply] = await server.store.write((writer) =>
      appendMessages(writer, { enterpriseIds: [enterpriseA] }, 'Enterprise', [{ messageThreadId: one.Id, text: 'staff reply' }], nowUtc()),
    );
    ids.push(reply!.id);
    ids.push(...(await addMessages(server, demo.a, [{ MessageThreadId: two.Id, Text: 'guest again' }])).map((m) => m.Id));

    const page = await getPage(server, 'messages', { ...demo.a, MessageThreadIds: [one.Id, two.Id], Limitation: { Count: 10 } });
    expect(page.items.map((m) => m.Id)).toEqual(ids.toReversed());
    expect(page.items.find((m) => m.Id === reply!.id)).toMatchObject({ Text: 'staff reply', Sender: { Discriminator: 'Enterprise', Value: null } });
  });

  it('neither repeats nor skips a message while others are being added during the paging loop', async () => {
    const [one, two] = [await addThread(server, demo.a), await addThread(server, demo.a)];
    const before: string[] = [];
    for (let i = 0; i < 10; i++) {
      before.push(...(await addMessages(server, demo.a, [{ MessageThreadId: one.Id, Text: `${i}` }, { MessageThreadId: two.Id, Text: `${i}` }])).map((m) => m.Id));
    }
    const during: string[] = [];
    const addSome = () =>
      addMessages(server, demo.a, [{ MessageThreadId: two.Id, Text: 'new' }, { MessageThreadId: one.Id, Text: 'new' }]).then((added) =>
        during.push(...added.map((m) => m.Id)),
      );
    const seen = await pageAll(server, 'messages', { ...demo.a, MessageThreadIds: [one.Id, two.Id] }, 3, () => Promise.all([addSome(), addSome()]));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => before.includes(id))).toEqual(before.toReversed());
    expect(seen.every((id) => before.includes(id) || during.includes(id))).toBe(true);
  });

  it('filters by CreatedUtc: exactly when StartUtc equals EndUtc, else [StartUtc, EndUtc)', async () => {
    const thread = await addThread(server, demo.a);
    const [message] = await addMessages(server, demo.a, [{ MessageThreadId: thread.Id, Text: 'when?' }]);
    const { CreatedUtc } = (await getPage(server, 'messages', { ...demo.a, MessageThreadIds: [thread.Id], Limitation: { Count: 1 } })).items[0]!;
    const t = parseUtc(CreatedUtc, 'test');
    const find = (StartUtc: string, EndUtc: string) =>
      pageAll(server, 'messages', { ...demo.a, MessageThreadIds: [thread.Id], CreatedUtc: { StartUtc, EndUtc } }, 10);
    expect(await find(CreatedUtc, CreatedUtc)).toEqual([message!.Id]);
    expect(await find(formatUtc(t), formatUtc(t + 1))).toEqual([message!.Id]);
    expect(await find(formatUtc(t - 60), formatUtc(t))).toEqual([]);
    expect(await find(formatUtc(t + 1), formatUtc(t + 1))).toEqual([]);
    expect(await find(formatUtc(t), formatUtc(addCalendarMonths(t, 1)))).toEqual([message!.Id]);
  });

  it('never shows messages of another integration\'s or enterprise\'s thread', async () => {
    const mine = await addThread(server, demo.a);
    const others = await addThread(server, demo.otherApplication);
    const inB = await addThread(server, demo.b);
    await addMessages(server, demo.a, [{ MessageThreadId: mine.Id, Text: 'mine' }]);
    await addMessages(server, demo.otherApplication, [{ MessageThreadId: others.Id, Text: 'theirs' }]);
    await addMessages(server, demo.b, [{ MessageThreadId: inB.Id, Text: 'in B' }]);
    const all = [mine.Id, others.Id, inB.Id];
    const textsSeenBy = async (credentials: Credentials, extra: Pick<MessagesRequest, 'EnterpriseIds'> = {}) => {
      const page = await getPage(server, 'messages', { ...credentials, MessageThreadIds: all, Limitation: { Count: 100 }, ...extra });
      return page.items.map((m) => m.Text).toSorted();
    };
    expect(await textsSeenBy(demo.a)).toEqual(['mine']);
    expect(await textsSeenBy(demo.b)).toEqual(['in B']);
    expect(await textsSeenBy(demo.otherApplication)).toEqual(['theirs']);
    expect(await textsSeenBy(demo.portfolio)).toEqual(['in B', 'mine']);
    expect(await textsSeenBy(demo.portfolio, { EnterpriseIds: [enterpriseB] })).toEqual(['in B']);
    await expectInvalid(server, GET, { ...demo.a, MessageThreadIds: all, EnterpriseIds: [enterpriseB], Limitation: { Count: 10 } }, 'Invalid EnterpriseIds');
  });

  it('answers 204 with no body and no Content-Type to Prefer: return=minimal on an empty page', async () => {
    const thread = await addThread(server, demo.a);
    const response = await server.post(GET, { ...demo.a, MessageThreadIds: [thread.Id], Limitation: { Count: 10 } }, { Prefer: 'return=minimal' });
    expect(response.status).toBe(204);
    expect(response.text).toBe('');
    expect(response.headers.get('content-type')).toBeNull();
  });

  describe('answers 400 with the error body, never 500, to', () => {
    let mine: { Id: string };
    let mineMessage: string;
    let otherMessage: string;
    let foreignMessage: string;
    beforeAll(async () => {
      mine = await addThread(server, demo.a);
      const sibling = await addThread(server, demo.a);
      const foreign = await addThread(server, demo.otherApplication);
      [mineMessage, otherMessage] = (
        await addMessages(server, demo.a, [{ MessageThreadId: mine.Id, Text: 'a' }, { MessageThreadId: sibling.Id, Text: 'b' }])
      ).map((m) => m.Id) as [string, string];
      foreignMessage = (await addMessages(server, demo.otherApplication, [{ MessageThreadId: foreign.Id, Text: 'c' }]))[0]!.Id;
    });
    const valid = () => ({ ...demo.a, MessageThreadIds: [mine.Id], Limitation: { Count: 10 } });
    const cases: [string, () => Record<string, unknown>, string][] = [
      ['no MessageThreadIds', () => ({ ...valid(), MessageThreadIds: undefined }), 'Invalid MessageThreadIds'],
      ['a null MessageThreadIds', () => ({ ...valid(), MessageThreadIds: null }), 'Invalid MessageThreadIds'],
      ['an empty MessageThreadIds', () => ({ ...valid(), MessageThreadIds: [] }), 'Invalid MessageThreadIds'],
      ['1001 MessageThreadIds', () => ({ ...valid(), MessageThreadIds: Array.from({ length: 1001 }, () => crypto.randomUUID()) }), 'Invalid MessageThreadIds'],
      ['a MessageThreadId that is not a UUID', () => ({ ...valid(), MessageThreadIds: [mine.Id, 42] }), 'Invalid MessageThreadIds[1]'],
      ['a missing Limitation', () => ({ ...valid(), Limitation: undefined }), 'Invalid Limitation'],
      ['Count 0', () => ({ ...valid(), Limitation: { Count: 0 } }), 'Invalid Limitation.Count'],
      ['Count 1001', () => ({ ...valid(), Limitation: { Count: 1001 } }), 'Invalid Limitation.Count'],
      ['an unknown Cursor', () => ({ ...valid(), Limitation: { Count: 10, Cursor: crypto.randomUUID() } }), 'Invalid Cursor'],
      ['a thread id as Cursor', () => ({ ...valid(), Limitation: { Count: 10, Cursor: mine.Id } }), 'Invalid Cursor'],
      ['a message of a thread not asked for as Cursor', () => ({ ...valid(), Limitation: { Count: 10, Cursor: otherMessage } }), 'Invalid Cursor'],
      ['another integration\'s message as Cursor', () => ({ ...valid(), Limitation: { Count: 10, Cursor: foreignMessage } }), 'Invalid Cursor'],
      ['a CreatedUtc longer than 1 month', () => ({ ...valid(), CreatedUtc: { StartUtc: '2026-01-31T00:00:00Z', EndUtc: '2026-02-28T00:00:01Z' } }), 'Invalid CreatedUtc'],
      ['a CreatedUtc without StartUtc', () => ({ ...valid(), CreatedUtc: { EndUtc: '2026-01-01T00:00:00Z' } }), 'Invalid CreatedUtc.StartUtc'],
      ['an EndUtc before StartUtc', () => ({ ...valid(), CreatedUtc: { StartUtc: '2026-01-02T00:00:00Z', EndUtc: '2026-01-01T00:00:00+00:00' } }), 'Invalid CreatedUtc'],
      ['a datetime without an offset', () => ({ ...valid(), CreatedUtc: { StartUtc: '2026-01-01', EndUtc: '2026-01-02T00:00:00Z' } }), 'Invalid CreatedUtc.StartUtc'],
      ['an EnterpriseIds outside the scope', () => ({ ...valid(), EnterpriseIds: [crypto.randomUUID()] }), 'Invalid EnterpriseIds'],
      ['a LanguageCode that is not a string', () => ({ ...valid(), LanguageCode: ['en'] }), 'Invalid LanguageCode'],
    ];
    it.each(cases)('%s', async (_name, body, message) => {
      await expectInvalid(server, GET, body(), message);
    });
    it('(and accepts its own message as Cursor, and LanguageCode and CultureCode)', async () => {
      const page = await getPage(server, 'messages', { ...valid(), LanguageCode: 'cs-CZ', CultureCode: 'cs-CZ', CreatedUtc: aroundNow(), Limitation: { Count: 10, Cursor: mineMessage } });
      expect(page).toEqual({ items: [], cursor: null });
    });
  });
});
