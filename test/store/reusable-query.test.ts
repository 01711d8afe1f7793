import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Insertable, Kysely } from 'kysely';
import type { Database, EnterpriseTable } from '../../src/store/database.ts';
import { reusableQuery } from '../../src/store/reusable-query.ts';
import { BACKENDS, openTestStore, type TestStore } from '../helpers/backends.ts';

const insert = reusableQuery((db: Kysely<Database>, row: Insertable<EnterpriseTable>) => db.insertInto('enterprises').values(row));
const byName = reusableQuery((db: Kysely<Database>, enabled: 0 | 1, name: string) =>
  db.selectFrom('enterprises').select(['id', 'name']).where('name', '=', name).where('is_enabled', '=', enabled),
);

for (const backend of BACKENDS) describe(`reusableQuery (${backend})`, () => {
  let opened: TestStore;
  let db: Kysely<Database>;
  beforeEach(async () => {
    opened = await openTestStore(backend);
    db = opened.db;
  });
  afterEach(() => opened.close());

  it('runs with each call\'s own values, whatever order the SQL takes them in', async () => {
    await insert(db, { id: 'e1', name: 'One', is_enabled: 1, created_utc: 1 });
    await insert(db, { id: 'e2', name: 'Two', is_enabled: 0, created_utc: 2 });
    await insert(db, { id: 'e3', name: 'Two', is_enabled: 1, created_utc: 3 });
    expect((await byName(db, 1, 'One')).rows).toEqual([{ id: 'e1', name: 'One' }]);
    expect((await byName(db, 0, 'Two')).rows).toEqual([{ id: 'e2', name: 'Two' }]);
    expect((await byName(db, 1, 'Two')).rows).toEqual([{ id: 'e3', name: 'Two' }]);
    expect((await byName(db, 0, 'One')).rows).toEqual([]);
  });

  it('works inside a transaction too', async () => {
    await db.transaction().execute(async (trx) => {
      await insert(trx, { id: 'e4', name: 'Four', is_enabled: 1, created_utc: 4 });
      expect((await byName(trx, 1, 'Four')).rows).toEqual([{ id: 'e4', name: 'Four' }]);
    });
  });

  it('refuses a query with a value that is not a placeholder', async () => {
    const fixed = reusableQuery((db: Kysely<Database>, name: string) =>
      db.selectFrom('enterprises').select('id').where('name', '=', name).where('created_utc', '=', 5),
    );
    await expect(fixed(db, 'x')).rejects.toThrow(/placeholders/);
  });
});
