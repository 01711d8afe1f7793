import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Enterprise } from '../../src/domain/model.ts';
import { openStore } from '../../src/store/store.ts';
import { BACKENDS, openTestStore, type TestStore } from '../helpers/backends.ts';

const enterprise = (id: string): Enterprise => ({ id, name: id, isEnabled: true, createdUtc: 1 });

// What every backend's writes promise, whatever commits them (group commit on SQLite, a transaction each on PostgreSQL).
for (const backend of BACKENDS) describe(`a store's writes (${backend})`, () => {
  let opened: TestStore;
  beforeEach(async () => {
    opened = await openTestStore(backend);
  });
  afterEach(() => opened.close());

  /** What another process sees: only what is committed. */
  async function committedIds(): Promise<string[]> {
    const other = openStore({ url: opened.url });
    try {
      return (await other.listEnterprises()).map((e) => e.id).toSorted();
    } finally {
      await other.close();
    }
  }

  it('answers each write only once another process can read what it wrote', async () => {
    const { store } = opened;
    const add = (id: string) => store.administer((writer) => writer.insertEnterprise(enterprise(id)));
    const seen = await Promise.all(['a', 'b', 'c'].map((id) => add(id).then(committedIds)));
    for (const [i, id] of ['a', 'b', 'c'].entries()) expect(seen[i]).toContain(id);
  });

  it('undoes a failing write alone, with everything it wrote, and commits the others', async () => {
    const { store } = opened;
    const outcomes = await Promise.allSettled([
      store.administer((writer) => writer.insertEnterprise(enterprise('a'))),
      store.administer(async (writer) => {
        await writer.insertEnterprise(enterprise('half'));
        await writer.insertEnterprise(enterprise('half')); // duplicate key
      }),
      store.administer((writer) => writer.insertEnterprise(enterprise('b'))),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await committedIds()).toEqual(['a', 'b']);
  });

  it('returns each write\'s own result', async () => {
    const results = await Promise.all([1, 2, 3].map((n) => opened.store.administer(async () => n * 10)));
    expect(results).toEqual([10, 20, 30]);
  });
});
