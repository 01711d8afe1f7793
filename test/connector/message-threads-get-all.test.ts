import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addCalendarMonths, formatUtc, parseUtc } from '../../src/domain/time.ts';
import { demo, enterpriseA, enterpriseB } from '../helpers/sandbox.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { addMessages, addThread, aroundNow, expectInvalid, getPage, pageAll, CONNECTOR_PATHS, type Credentials, type ThreadsRequest } from '../helpers/connector.ts';
import { assertMatchesContract } from '../helpers/contract.ts';

const GET = CONNECTOR_PATHS.getThreads;

describe('messageThreads/getAll paging', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(() => server.close());

  it('pages newest first, in creation order within a second, and ends with an empty page and a null Cursor', async () => {
    const created: string[] = [];
    for (let i = 0; i < 12; i++) created.push((await addThread(server, demo.a, { Subject: `Thread ${i}` })).Id);
    const newestFirst = created.toReversed();

    const first = await getPage(server, 'threads', { ...demo.a, CreatedUtc: aroundNow(), Limitation: { Count: 5 } });
    expect(first.items.map((t) => t.Id)).toEqual(newestFirst.slice(0, 5));
    const second = await getPage(server, 'threads', { ...demo.a, CreatedUtc: aroundNow(), Limitation: { Count: 5, Cursor: first.cursor } });
    expect(second.items.map((t) => t.Id)).toEqual(newestFirst.slice(5, 10));
    const third = await getPage(server, 'threads', { ...demo.a, CreatedUtc: aroundNow(), Limitation: { Count: 5, Cursor: second.cursor } });
    expect(third.items.map((t) => t.Id)).toEqual(newestFirst.slice(10));
    const after = await getPage(server, 'threads', { ...demo.a, CreatedUtc: aroundNow(), Limitation: { Count: 5, Cursor: third.cursor } });
    expect(after).toEqual({ items: [], cursor: null });

    expect(await pageAll(server, 'threads', { ...demo.a, CreatedUtc: aroundNow() }, 1000)).toEqual(newestFirst);
    expect(await pageAll(server, 'threads', { ...demo.a, MessageThreadIds: created }, 3)).toEqual(newestFirst);
  });

  it('treats "Cursor": null as no cursor', async () => {
    const thread = await addThread(server, demo.a);
    const page = await getPage(server, 'threads', { ...demo.a, MessageThreadIds: [thread.Id], Limitation: { Count: 10, Cursor: null } });
    expect(page.items.map((t) => t.Id)).toEqual([thread.Id]);
  });

  it('neither repeats nor skips a thread while others are being added during the paging loop', async () => {
    const before: string[] = [];
    for (let i = 0; i < 40; i++) before.push((await addThread(server, demo.a)).Id);
    const during: string[] = [];
    const addSome = () =>
      Promise.all([addThread(server, demo.a), addThread(server, demo.a), addThread(server, demo.portfolio, { EnterpriseId: enterpriseA })]).then(
        (threads) => during.push(...threads.map((t) => t.Id)),
      );
    // Writes race with each page request as well as running between them.
    const seen = await pageAll(server, 'threads', { ...demo.a, CreatedUtc: aroundNow() }, 7, () => Promise.all([addSome(), addSome()]));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => before.includes(id))).toEqual(before.toReversed());
    expect(seen.every((id) => before.includes(id) || during.includes(id))).toBe(true);
  });

  it('answers 204 with no body and no Content-Type to Prefer: return=minimal on an empty page only', async () => {
    const empty = await server.post(GET, { ...demo.a, CreatedUtc: aroundNow(), Limitation: { Count: 10 } }, { Prefer: 'return=minimal' });
    expect(empty.status).toBe(204);
    expect(empty.text).toBe('');
    expect(empty.headers.get('content-type')).toBeNull();
    expect(empty.headers.get('request-id')).toBeTruthy();

    await addThread(server, demo.a);
    const full = await server.post(GET, { ...demo.a, CreatedUtc: aroundNow(), Limitation: { Count: 10 } }, { Prefer: 'handling=lenient, return=minimal' });
    expect(full.status).toBe(200);
    assertMatchesContract('MessageThreadResult', full.body);
    expect(full.body.MessageThreads).toHaveLength(1);

    const withoutPreference = await server.post(GET, { ...demo.b, CreatedUtc: aroundNow(), Limitation: { Count: 10 } });
    expect(withoutPreference.status).toBe(200);
    expect(withoutPreference.body).toEqual({ MessageThreads: [], Cursor: null });
  });
});

describe('messageThreads/getAll filters and scope', () => {
  let server: TestServer;
  let inA: { Id: string; CreatedUtc: string }[];
  let inB: { Id: string; CreatedUtc: string }[];
  let ofOther: { Id: string };
  beforeAll(async () => {
    server = await startTestServer();
    inA = [await addThread(server, demo.a), await addThread(server, demo.portfolio, { EnterpriseId: enterpriseA })];
    inB = [await addThread(server, demo.b), await addThread(server, demo.portfolio, { EnterpriseId: enterpriseB })];
    ofOther = await addThread(server, demo.otherApplication);
  });
  afterAll(() => server.close());

  const idsOf = async (credentials: Credentials, filter: Omit<ThreadsRequest, 'Limitation' | keyof Credentials>) =>
    (await pageAll(server, 'threads', { ...credentials, ...filter }, 100)).toSorted();
  const sorted = (...threads: { Id: string }[]) => threads.map((t) => t.Id).toSorted();

  it('shows an access token only its own integration\'s threads in its enterprise', async () => {
    expect(await idsOf(demo.a, { CreatedUtc: aroundNow() })).toEqual(sorted(...inA));
    expect(await idsOf(demo.b, { CreatedUtc: aroundNow() })).toEqual(sorted(...inB));
    expect(await idsOf(demo.otherApplication, { CreatedUtc: aroundNow() })).toEqual(sorted(ofOther));
  });

  it('never shows another integration\'s or enterprise\'s thread, even asked for by id', async () => {
    const everyId = [...inA, ...inB, ofOther].map((t) => t.Id);
    expect(await idsOf(demo.otherApplication, { MessageThreadIds: everyId })).toEqual(sorted(ofOther));
    expect(await idsOf(demo.a, { MessageThreadIds: everyId })).toEqual(sorted(...inA));
    expect(await idsOf(demo.b, { MessageThreadIds: [inA[0]!.Id, crypto.randomUUID()] })).toEqual([]);
  });

  it('shows a portfolio token all its enterprises, narrowed by EnterpriseIds', async () => {
    expect(await idsOf(demo.portfolio, { CreatedUtc: aroundNow() })).toEqual(sorted(...inA, ...inB));
    expect(await idsOf(demo.portfolio, { CreatedUtc: aroundNow(), EnterpriseIds: [enterpriseB] })).toEqual(sorted(...inB));
    expect(await idsOf(demo.portfolio, { CreatedUtc: aroundNow(), EnterpriseIds: [enterpriseA, enterpriseB] })).toEqual(sorted(...inA, ...inB));
    expect(await idsOf(demo.a, { CreatedUtc: aroundNow(), EnterpriseIds: [enterpriseA] })).toEqual(sorted(...inA));
  });

  it('answers Invalid EnterpriseIds for an enterprise outside the token\'s scope, never data', async () => {
    await expectInvalid(server, GET, { ...demo.a, CreatedUtc: aroundNow(), EnterpriseIds: [enterpriseB], Limitation: { Count: 10 } }, 'Invalid EnterpriseIds');
    await expectInvalid(server, GET, { ...demo.portfolio, CreatedUtc: aroundNow(), EnterpriseIds: [enterpriseA, crypto.randomUUID()], Limitation: { Count: 10 } }, 'Invalid EnterpriseIds');
  });

  it('matches CreatedUtc exactly when StartUtc equals EndUtc, else as [StartUtc, EndUtc)', async () => {
    const thread = inA[0]!;
    const t = parseUtc(thread.CreatedUtc, 'test');
    const find = (StartUtc: string, EndUtc: string) => idsOf(demo.a, { CreatedUtc: { StartUtc, EndUtc } });
    expect(await find(thread.CreatedUtc, thread.CreatedUtc)).toContain(thread.Id);
    expect(await find(formatUtc(t), formatUtc(t + 1))).toContain(thread.Id);
    expect(await find(formatUtc(t - 1), formatUtc(t))).not.toContain(thread.Id);
    expect(await find(formatUtc(t + 1), formatUtc(t + 2))).not.toContain(thread.Id);
    expect(await find(formatUtc(t + 1), formatUtc(t + 1))).not.toContain(thread.Id);
    // Any ISO 8601 form with an offset, fractions truncated to the second shown.
    expect(await find(new Date(t * 1000).toISOString(), new Date(t * 1000 + 999).toISOString().replace('Z', '+00:00'))).toContain(thread.Id);
  });

  it('filters by UpdatedUtc, which a new message moves', async () => {
    const [thread] = inB;
    const later = parseUtc(thread!.CreatedUtc, 'test') + 3600;
    const updatedLater = { UpdatedUtc: { StartUtc: formatUtc(later), EndUtc: formatUtc(later + 60) } };
    expect(await idsOf(demo.b, updatedLater)).toEqual([]);
    expect(await idsOf(demo.b, { UpdatedUtc: aroundNow() })).toEqual(sorted(...inB));

    await addMessages(server, demo.b, [{ MessageThreadId: thread!.Id, Text: 'Any news?' }]);
    const page = await getPage(server, 'threads', { ...demo.b, MessageThreadIds: [thread!.Id], Limitation: { Count: 1 } });
    const { UpdatedUtc } = page.items[0]!;
    expect(await idsOf(demo.b, { UpdatedUtc: { StartUtc: UpdatedUtc, EndUtc: UpdatedUtc } })).toContain(thread!.Id);
  });

  it('combines filters: every one given must match', async () => {
    const thread = inA[0]!;
    expect(await idsOf(demo.a, { MessageThreadIds: [thread.Id], CreatedUtc: aroundNow(), UpdatedUtc: aroundNow() })).toEqual([thread.Id]);
    const past = { StartUtc: '2020-01-01T00:00:00Z', EndUtc: '2020-02-01T00:00:00Z' };
    expect(await idsOf(demo.a, { MessageThreadIds: [thread.Id], CreatedUtc: past })).toEqual([]);
  });

  it('accepts LanguageCode and CultureCode', async () => {
    const page = await getPage(server, 'threads', { ...demo.a, LanguageCode: 'en-US', CultureCode: 'en-GB', MessageThreadIds: [inA[0]!.Id], Limitation: { Count: 1 } });
    expect(page.items).toHaveLength(1);
  });

  it('accepts an interval of exactly 3 calendar months', async () => {
    const start = parseUtc('2026-01-31T00:00:00Z', 'test');
    const page = await getPage(server, 'threads', {
      ...demo.a,
      CreatedUtc: { StartUtc: formatUtc(start), EndUtc: formatUtc(addCalendarMonths(start, 3)) },
      Limitation: { Count: 1 },
    });
    expect(page.items).toEqual([]);
  });

  describe('answers 400 with the error body, never 500, to', () => {
    const valid = () => ({ ...demo.a, CreatedUtc: aroundNow(), Limitation: { Count: 10 } });
    const cases: [string, () => Record<string, unknown>, string][] = [
      ['no filter at all', () => ({ ...demo.a, Limitation: { Count: 10 } }), 'Invalid MessageThreadIds'],
      ['all filters null', () => ({ ...demo.a, MessageThreadIds: null, CreatedUtc: null, UpdatedUtc: null, Limitation: { Count: 10 } }), 'Invalid MessageThreadIds'],
      ['a missing Limitation', () => ({ ...valid(), Limitation: undefined }), 'Invalid Limitation'],
      ['Count 0', () => ({ ...valid(), Limitation: { Count: 0 } }), 'Invalid Limitation.Count'],
      ['Count 1001', () => ({ ...valid(), Limitation: { Count: 1001 } }), 'Invalid Limitation.Count'],
      ['Count as a string', () => ({ ...valid(), Limitation: { Count: '10' } }), 'Invalid Limitation.Count'],
      ['Count not whole', () => ({ ...valid(), Limitation: { Count: 1.5 } }), 'Invalid Limitation.Count'],
      ['a Cursor that is not a UUID', () => ({ ...valid(), Limitation: { Count: 10, Cursor: 'abc' } }), 'Invalid Limitation.Cursor'],
      ['an unknown Cursor', () => ({ ...valid(), Limitation: { Count: 10, Cursor: crypto.randomUUID() } }), 'Invalid Cursor'],
      ['another integration\'s thread as Cursor', () => ({ ...valid(), Limitation: { Count: 10, Cursor: ofOther.Id } }), 'Invalid Cursor'],
      ['another enterprise\'s thread as Cursor', () => ({ ...valid(), Limitation: { Count: 10, Cursor: inB[0]!.Id } }), 'Invalid Cursor'],
      ['a thread outside EnterpriseIds as Cursor', () => ({ ...valid(), ...demo.portfolio, EnterpriseIds: [enterpriseA], Limitation: { Count: 10, Cursor: inB[0]!.Id } }), 'Invalid Cursor'],
      ['an empty MessageThreadIds', () => ({ ...valid(), MessageThreadIds: [] }), 'Invalid MessageThreadIds'],
      ['1001 MessageThreadIds', () => ({ ...valid(), MessageThreadIds: Array.from({ length: 1001 }, () => crypto.randomUUID()) }), 'Invalid MessageThreadIds'],
      ['a MessageThreadId that is not a UUID', () => ({ ...valid(), MessageThreadIds: ['7'] }), 'Invalid MessageThreadIds[0]'],
      ['MessageThreadIds as a string', () => ({ ...valid(), MessageThreadIds: crypto.randomUUID() }), 'Invalid MessageThreadIds'],
      ['an EnterpriseId that is not a UUID', () => ({ ...valid(), EnterpriseIds: ['A'] }), 'Invalid EnterpriseIds[0]'],
      ['an empty EnterpriseIds', () => ({ ...valid(), EnterpriseIds: [] }), 'Invalid EnterpriseIds'],
      ['a CreatedUtc longer than 3 months', () => ({ ...valid(), CreatedUtc: { StartUtc: '2026-01-31T00:00:00Z', EndUtc: '2026-04-30T00:00:01Z' } }), 'Invalid CreatedUtc'],
      ['an UpdatedUtc longer than 3 months', () => ({ ...valid(), UpdatedUtc: { StartUtc: '2026-01-01T00:00:00Z', EndUtc: '2026-04-01T00:00:01Z' } }), 'Invalid UpdatedUtc'],
      ['a CreatedUtc without EndUtc', () => ({ ...valid(), CreatedUtc: { StartUtc: '2026-01-01T00:00:00Z' } }), 'Invalid CreatedUtc.EndUtc'],
      ['an UpdatedUtc without StartUtc', () => ({ ...valid(), UpdatedUtc: { EndUtc: '2026-01-01T00:00:00Z' } }), 'Invalid UpdatedUtc.StartUtc'],
      ['an EndUtc before StartUtc', () => ({ ...valid(), CreatedUtc: { StartUtc: '2026-01-02T00:00:00Z', EndUtc: '2026-01-01T00:00:00Z' } }), 'Invalid CreatedUtc'],
      ['a datetime without an offset', () => ({ ...valid(), CreatedUtc: { StartUtc: '2026-01-01T00:00:00', EndUtc: '2026-01-02T00:00:00Z' } }), 'Invalid CreatedUtc.StartUtc'],
      ['a datetime that is no date', () => ({ ...valid(), CreatedUtc: { StartUtc: '2026-02-30T00:00:00Z', EndUtc: '2026-03-02T00:00:00Z' } }), 'Invalid CreatedUtc.StartUtc'],
      ['a datetime as a number', () => ({ ...valid(), CreatedUtc: { StartUtc: 1, EndUtc: '2026-03-02T00:00:00Z' } }), 'Invalid CreatedUtc.StartUtc'],
      ['CreatedUtc as a string', () => ({ ...valid(), CreatedUtc: '2026-03-02T00:00:00Z' }), 'Invalid CreatedUtc'],
      ['a LanguageCode that is not a string', () => ({ ...valid(), LanguageCode: 7 }), 'Invalid LanguageCode'],
    ];
    it.each(cases)('%s', async (_name, body, message) => {
      await expectInvalid(server, GET, body(), message);
    });
  });

  it('answers 401 to tokens that do not match', async () => {
    const response = await server.post(GET, { ...demo.a, ClientToken: demo.otherApplication.ClientToken, CreatedUtc: aroundNow(), Limitation: { Count: 1 } });
    expect(response.status).toBe(401);
  });
});
