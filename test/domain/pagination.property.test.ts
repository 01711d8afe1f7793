import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addEnterprise } from '../../src/domain/enterprises.ts';
import { addApplication } from '../../src/domain/applications.ts';
import { addMessages, getMessages } from '../../src/domain/messages.ts';
import { addMessageThread, getMessageThreads } from '../../src/domain/message-threads.ts';
import type { AccessScope, EnterpriseId } from '../../src/domain/model.ts';
import { formatUtc } from '../../src/domain/time.ts';
import type { Store } from '../../src/store/store.ts';
import { BACKENDS, openTestStore, type TestStore } from '../helpers/backends.ts';

/**
 * Pages through a random data set with random page sizes while random items are added between pages (some older than
 * the cursor, some newer, some the same second, some of another integration), and compares every page with a model:
 * the items the caller may see, ordered by (creation second, creation order) descending, strictly after the cursor.
 */

const BASE = Date.UTC(2026, 0, 10) / 1000;

interface Item {
  readonly enterprise: 0 | 1;
  /** Seconds after BASE: a small range, so that many items share a second. */
  readonly second: number;
  readonly mine: boolean;
}

const item = fc.record({
  enterprise: fc.constantFrom<0 | 1>(0, 1),
  second: fc.integer({ min: 0, max: 6 }),
  mine: fc.integer({ min: 0, max: 6 }).map((n) => n > 0),
});

const scenario = fc.record({
  initial: fc.array(item, { maxLength: 40 }),
  pageSizes: fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 10 }),
  insertsBetweenPages: fc.array(fc.array(item, { maxLength: 4 }), { maxLength: 10 }),
  /** Which of the two enterprises EnterpriseIds names, when given. */
  narrowTo: fc.constantFrom<readonly (0 | 1)[] | null>(null, [0], [1], [0, 1]),
  // Threads without messages were last updated when created, so either filter selects the same threads.
  timeFilter: fc.constantFrom('createdUtc', 'updatedUtc'),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

interface Stored {
  readonly id: string;
  readonly second: number;
  readonly order: number;
  readonly enterpriseId: string;
  readonly mine: boolean;
}

/** The model's answer: visible items, newest first, strictly after the cursor's item, at most `count`. */
function expectedPage(stored: readonly Stored[], visible: (s: Stored) => boolean, cursor: string | null, count: number): string[] {
  const ordered = stored.filter(visible).toSorted((x, y) => y.second - x.second || y.order - x.order);
  const at = cursor === null ? null : stored.find((s) => s.id === cursor)!;
  const after = at === null ? ordered : ordered.filter((s) => s.second < at.second || (s.second === at.second && s.order < at.order));
  return after.slice(0, count).map((s) => s.id);
}

/** Two enterprises, a portfolio token over both and another application's token over both. */
interface Tenant {
  readonly enterprises: readonly [EnterpriseId, EnterpriseId];
  readonly portfolio: AccessScope;
  readonly otherApplication: AccessScope;
}

/**
 * A tenant of its own for one scenario, made as an operator makes one: the scenarios share a store, and what one
 * stored stays invisible to the next, whose scopes cover none of its enterprises or applications.
 */
async function newTenant(store: Store): Promise<Tenant> {
  const enterprises = [
    (await addEnterprise(store, { name: 'A' }, BASE)).id,
    (await addEnterprise(store, { name: 'B' }, BASE)).id,
  ] as const;
  const scope = async (accessTokenId: string): Promise<AccessScope> => ({
    accessTokenId,
    applicationId: (await addApplication(store, { name: accessTokenId }, BASE)).id,
    enterpriseIds: enterprises,
  });
  return { enterprises, portfolio: await scope('portfolio'), otherApplication: await scope('other') };
}

/** Runs one scenario: `add` stores an item and returns its id, `page` asks for one page. */
async function checkPaging(
  input: Scenario,
  tenant: Tenant,
  add: (item: Item) => Promise<Stored>,
  page: (cursor: string | null, count: number) => Promise<{ ids: string[]; cursor: string | null }>,
) {
  const stored: Stored[] = [];
  for (const i of input.initial) stored.push(await add(i));
  const visible = (s: Stored) => s.mine && enterprisesAskedFor(input, tenant).includes(s.enterpriseId);
  const initiallyVisible = stored.filter(visible).map((s) => s.id);

  const seen: string[] = [];
  let cursor: string | null = null;
  let step = 0;
  do {
    const count = input.pageSizes[step % input.pageSizes.length]!;
    const result = await page(cursor, count);
    expect(result.ids).toEqual(expectedPage(stored, visible, cursor, count));
    expect(result.cursor).toBe(result.ids.at(-1) ?? null);
    seen.push(...result.ids);
    cursor = result.cursor;
    for (const i of input.insertsBetweenPages[step] ?? []) stored.push(await add(i));
    step++;
  } while (cursor !== null);

  expect(new Set(seen).size).toBe(seen.length);
  // Every item visible when paging began is seen once; newer ones can only have slipped in behind the cursor.
  for (const id of initiallyVisible) expect(seen).toContain(id);
}

/** The enterprises a scenario's EnterpriseIds names, or null for none named (every enterprise of the token). */
function enterpriseIds(input: Scenario, tenant: Tenant): EnterpriseId[] | null {
  return input.narrowTo && input.narrowTo.map((i) => tenant.enterprises[i]);
}

function enterprisesAskedFor(input: Scenario, tenant: Tenant): readonly EnterpriseId[] {
  return enterpriseIds(input, tenant) ?? tenant.enterprises;
}

for (const backend of BACKENDS) describe(`keyset pagination against a model (${backend})`, () => {
  let opened: TestStore;
  let store: Store;
  beforeAll(async () => {
    opened = await openTestStore(backend);
    store = opened.store;
  });
  afterAll(() => opened?.close());

  /** Runs one scenario over threads, filtered by `CreatedUtc` or `UpdatedUtc` (the same threads: none has messages). */
  async function pageThreads(input: Scenario) {
    const tenant = await newTenant(store);
    let order = 0;
    const add = async (i: Item): Promise<Stored> => {
      const enterpriseId = tenant.enterprises[i.enterprise];
      const scope = i.mine ? tenant.portfolio : tenant.otherApplication;
      const thread = await addMessageThread(store, scope, { originalSender: 'G', subject: 'S', enterpriseId }, BASE + i.second);
      return { id: thread.id, second: i.second, order: order++, enterpriseId, mine: i.mine };
    };
    await checkPaging(input, tenant, add, async (cursor, count) => {
      const page = await getMessageThreads(store, tenant.portfolio, {
        [input.timeFilter]: { StartUtc: formatUtc(BASE), EndUtc: formatUtc(BASE + 86_400) },
        enterpriseIds: enterpriseIds(input, tenant),
        limitation: { Count: count, Cursor: cursor },
      });
      return { ids: page.items.map((t) => t.id), cursor: page.cursor };
    });
  }

  it('messageThreads/getAll', async () => {
    await fc.assert(fc.asyncProperty(scenario, pageThreads), { numRuns: 60 });
  });

  it('messageThreads/getAll by UpdatedUtc over more threads than a page query sorts in memory', async () => {
    const [input] = fc.sample(
      scenario.map((s) => ({ ...s, timeFilter: 'updatedUtc' as const, pageSizes: [997, 450] })),
      { numRuns: 1, seed: 42 },
    );
    const initial = fc.sample(item, { numRuns: 2600, seed: 7 });
    await pageThreads({ ...input!, initial });
  });

  it('messages/getAll', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (input) => {
        const tenant = await newTenant(store);
        // One thread per enterprise and owner; messages land in the one their item names.
        const threads = new Map<string, string>();
        for (const scope of [tenant.portfolio, tenant.otherApplication]) {
          for (const enterpriseId of tenant.enterprises) {
            const thread = await addMessageThread(store, scope, { originalSender: 'G', subject: 'S', enterpriseId }, BASE);
            threads.set(`${scope.applicationId}/${enterpriseId}`, thread.id);
          }
        }
        let order = 0;
        const add = async (i: Item): Promise<Stored> => {
          const enterpriseId = tenant.enterprises[i.enterprise];
          const scope = i.mine ? tenant.portfolio : tenant.otherApplication;
          const messageThreadId = threads.get(`${scope.applicationId}/${enterpriseId}`)!;
          const [message] = await addMessages(store, scope, [{ messageThreadId, text: 'T' }], BASE + i.second);
          return { id: message!.id, second: i.second, order: order++, enterpriseId, mine: i.mine };
        };
        await checkPaging(input, tenant, add, async (cursor, count) => {
          const page = await getMessages(store, tenant.portfolio, {
            messageThreadIds: [...threads.values()],
            createdUtc: { StartUtc: formatUtc(BASE), EndUtc: formatUtc(BASE + 86_400) },
            enterpriseIds: enterpriseIds(input, tenant),
            limitation: { Count: count, Cursor: cursor },
          });
          return { ids: page.items.map((m) => m.id), cursor: page.cursor };
        });
      }),
      { numRuns: 60 },
    );
  });
});
