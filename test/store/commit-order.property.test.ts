import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addApplication } from '../../src/domain/applications.ts';
import { addEnterprise } from '../../src/domain/enterprises.ts';
import { getMessages } from '../../src/domain/messages.ts';
import { addMessageThread, getMessageThreads } from '../../src/domain/message-threads.ts';
import type { AccessScope, Message, MessageThread } from '../../src/domain/model.ts';
import type { Page } from '../../src/domain/pagination.ts';
import { formatUtc } from '../../src/domain/time.ts';
import type { Store } from '../../src/store/store.ts';
import { BACKENDS, openTestStore, type TestStore } from '../helpers/backends.ts';

/**
 * Concurrent writers against a client that keeps up by paging: random inserts, each in a transaction held open for a
 * random while, overlap while the client repeatedly pages from the newest item down to the first one it already has.
 * Every item is created in the same second, so the page order is the insert order. Once the writers are done, one
 * more pass must leave the client with every item, each seen once: no page passed over one that committed late.
 */

const SECOND = Date.UTC(2026, 0, 10) / 1000;

const scenario = fc.record({
  /** Per insert: when it starts (ms after the first) and how long its transaction stays open after the insert. */
  writes: fc.array(fc.record({ startMs: fc.integer({ min: 0, max: 60 }), holdMs: fc.integer({ min: 0, max: 25 }) }), {
    minLength: 2,
    maxLength: 24,
  }),
  pageSize: fc.integer({ min: 1, max: 5 }),
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A client's incremental read: pages from the newest item until one it has, returning the new ones. */
async function catchUp(page: (cursor: string | null) => Promise<Page<{ id: string }>>, known: ReadonlySet<string>): Promise<string[]> {
  const found: string[] = [];
  let cursor: string | null = null;
  do {
    const result = await page(cursor);
    for (const { id } of result.items) {
      if (known.has(id)) return found;
      found.push(id);
    }
    cursor = result.cursor;
  } while (cursor !== null);
  return found;
}

/** Runs the writers (`insert(holdMs)` resolves with the id once committed) while catching up, then once more. */
async function keepUp(input: typeof scenario extends fc.Arbitrary<infer T> ? T : never, insert: (holdMs: number) => Promise<string>, page: (cursor: string | null) => Promise<Page<{ id: string }>>) {
  const committed: string[] = [];
  const writers = Promise.all(input.writes.map(async ({ startMs, holdMs }) => {
    await sleep(startMs);
    committed.push(await insert(holdMs));
  }));
  let done = false;
  void writers.finally(() => (done = true));
  const seen: string[] = [];
  while (!done) {
    seen.push(...(await catchUp(page, new Set(seen))));
    await sleep(1);
  }
  await writers;
  seen.push(...(await catchUp(page, new Set(seen))));
  expect(new Set(seen).size).toBe(seen.length);
  expect(seen.toSorted()).toEqual(committed.toSorted());
}

for (const backend of BACKENDS) describe(`paging while concurrent writers commit out of order (${backend})`, () => {
  let opened: TestStore;
  let store: Store;
  beforeAll(async () => {
    opened = await openTestStore(backend);
    store = opened.store;
  });
  afterAll(() => opened?.close());

  /** A scope of its own for one scenario: what the previous ones stored stays out of its pages. */
  async function newScope(): Promise<AccessScope> {
    const enterpriseId = (await addEnterprise(store, { name: 'E' }, SECOND)).id;
    const applicationId = (await addApplication(store, { name: 'A' }, SECOND)).id;
    return { accessTokenId: 'token', applicationId, enterpriseIds: [enterpriseId] };
  }

  /** Inserts `row` in a transaction that stays open `holdMs` after the insert. */
  const held = <T>(holdMs: number, insert: (writer: Parameters<Parameters<Store['write']>[0]>[0]) => Promise<T>) =>
    store.write(async (writer) => {
      const value = await insert(writer);
      await sleep(holdMs);
      return value;
    });

  it('messageThreads/getAll', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (input) => {
        const scope = await newScope();
        const enterpriseId = scope.enterpriseIds[0]!;
        await keepUp(
          input,
          (holdMs) =>
            held(holdMs, async (writer) => {
              const thread: MessageThread = {
                id: crypto.randomUUID(),
                enterpriseId,
                applicationId: scope.applicationId,
                originalSender: 'G',
                subject: 'S',
                createdUtc: SECOND,
                updatedUtc: SECOND,
                isResolved: false,
              };
              await writer.insertMessageThread(thread);
              return thread.id;
            }),
          (cursor) =>
            getMessageThreads(store, scope, {
              createdUtc: { StartUtc: formatUtc(SECOND), EndUtc: formatUtc(SECOND + 1) },
              limitation: { Count: input.pageSize, Cursor: cursor },
            }),
        );
      }),
      { numRuns: 25 },
    );
  });

  it('messages/getAll', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (input) => {
        const scope = await newScope();
        const thread = await addMessageThread(store, scope, { originalSender: 'G', subject: 'S', enterpriseId: scope.enterpriseIds[0]! }, SECOND);
        await keepUp(
          input,
          (holdMs) =>
            held(holdMs, async (writer) => {
              const message: Message = {
                id: crypto.randomUUID(),
                messageThreadId: thread.id,
                text: 'T',
                sender: 'Application',
                createdUtc: SECOND,
                author: null,
              };
              await writer.insertMessages([message], [thread]);
              return message.id;
            }),
          (cursor) => getMessages(store, scope, { messageThreadIds: [thread.id], limitation: { Count: input.pageSize, Cursor: cursor } }),
        );
      }),
      { numRuns: 25 },
    );
  });
});
