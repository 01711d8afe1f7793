import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertMatchesContract } from '../../../test/helpers/contract.ts';
import { demo } from '../../../test/helpers/sandbox.ts';
import { startTestServer, type TestServer } from '../../../test/helpers/server.ts';
import type { ConnectorClient, MessageThread } from '../src/index.ts';
import { connectorClient, minutesFromNow } from '../../../test/helpers/connector.ts';
import { scriptedFetch } from './helpers/scripted-fetch.ts';

describe('client.messageThreads', () => {
  let server: TestServer;
  let client: ConnectorClient;
  beforeAll(async () => {
    server = await startTestServer();
    client = connectorClient(server);
  });
  afterAll(() => server.close());

  it('add sends the credentials itself and returns the created thread, with its Id as Cursor', async () => {
    const result = await client.messageThreads.add({ OriginalSender: 'John Doe', Subject: 'Late check-in' });
    assertMatchesContract('MessageThreadAddResult', { MessageThreads: result.MessageThreads });
    const [thread] = result.MessageThreads;
    expect(thread).toMatchObject({ OriginalSender: 'John Doe', Subject: 'Late check-in', IsResolved: false });
    expect(result.Cursor).toBe(thread!.Id);
  });

  it('add takes EnterpriseId for a portfolio token', async () => {
    const portfolio = connectorClient(server, demo.portfolio);
    const { MessageThreads } = await portfolio.messageThreads.add({
      OriginalSender: 'Guest',
      Subject: 'Parking',
      EnterpriseId: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
    });
    expect(MessageThreads).toHaveLength(1);
  });

  it('getAll returns one page of threads, newest first, and the next page from its Cursor', async () => {
    const own = connectorClient(server, demo.b);
    const created: MessageThread[] = [];
    for (const subject of ['first', 'second', 'third']) {
      created.push(...(await own.messageThreads.add({ OriginalSender: 'Paging Guest', Subject: subject })).MessageThreads);
    }
    const CreatedUtc = { StartUtc: minutesFromNow(-5), EndUtc: minutesFromNow(5) };
    const first = await own.messageThreads.getAll({ CreatedUtc, Limitation: { Count: 2 } });
    assertMatchesContract('MessageThreadResult', first);
    expect(first.MessageThreads.map((thread) => thread.Subject)).toEqual(['third', 'second']);
    expect(first.Cursor).toBe(created[1]!.Id);
    const second = await own.messageThreads.getAll({ CreatedUtc, Limitation: { Count: 2, Cursor: first.Cursor } });
    expect(second.MessageThreads.map((thread) => thread.Subject)).toEqual(['first']);
  });

  it('getAll finds threads by MessageThreadIds', async () => {
    const { MessageThreads } = await client.messageThreads.add({ OriginalSender: 'G', Subject: 'By id' });
    const result = await client.messageThreads.getAll({ MessageThreadIds: [MessageThreads[0]!.Id], Limitation: { Count: 10 } });
    expect(result.MessageThreads).toEqual(MessageThreads);
  });

  it('iterate pages through every thread exactly once while new threads are being added', async () => {
    const own = connectorClient(server, demo.otherApplication);
    const existing = new Set<string>();
    for (let i = 0; i < 23; i++) {
      const { MessageThreads } = await own.messageThreads.add({ OriginalSender: 'Iterating Guest', Subject: `#${i}` });
      existing.add(MessageThreads[0]!.Id);
    }
    const seen: string[] = [];
    const added = new Set<string>();
    for await (const thread of own.messageThreads.iterate({
      CreatedUtc: { StartUtc: minutesFromNow(-5), EndUtc: minutesFromNow(5) },
      Limitation: { Count: 5 },
    })) {
      seen.push(thread.Id);
      // A concurrent writer adds a thread after every few items read; they are newer than the first page.
      if (seen.length % 4 === 0) {
        const { MessageThreads } = await own.messageThreads.add({ OriginalSender: 'Concurrent', Subject: 'new' });
        added.add(MessageThreads[0]!.Id);
      }
    }
    expect(seen).toHaveLength(existing.size);
    expect(new Set(seen)).toEqual(existing);
    expect(seen.some((id) => added.has(id))).toBe(false);
  });

  it('iterate stops on a short page without asking for another', async () => {
    const counting = scriptedFetch([]);
    const counted = connectorClient(server, demo.a, { fetch: counting });
    const { MessageThreads } = await counted.messageThreads.add({ OriginalSender: 'G', Subject: 'only one' });
    const before = counting.calls;
    const threads = [];
    for await (const thread of counted.messageThreads.iterate({ MessageThreadIds: [MessageThreads[0]!.Id] })) threads.push(thread);
    expect(threads).toEqual(MessageThreads);
    expect(counting.calls - before).toBe(1);
  });
});
