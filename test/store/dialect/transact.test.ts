import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database } from '../../../src/store/database.ts';
import type { DialectAdapter } from '../../../src/store/dialect/dialect-adapter.ts';
import { openDialect } from '../../../src/store/dialect/open-dialect.ts';
import { openStore } from '../../../src/store/store.ts';
import { openTestDatabase } from '../../helpers/database.ts';
import { createTestDatabase, testBackend, type TestDatabase } from '../../helpers/server.ts';

const enterprise = (id: string) => ({ id, name: id, is_enabled: 1 as const, created_utc: 1 });

// The transaction strategy of this run's backend: group commit on SQLite, a transaction per write on PostgreSQL.
describe(`transactions of the ${testBackend} adapter`, () => {
  let database: TestDatabase;
  let dialect: DialectAdapter;
  let other: Kysely<Database>;
  beforeEach(async () => {
    database = await createTestDatabase();
    const url = database.env.DATABASE_URL!;
    const store = openStore({ url });
    await store.migrate();
    await store.close();
    dialect = openDialect({ url });
    other = openTestDatabase(url);
  });
  afterEach(async () => {
    await Promise.all([dialect.db.destroy(), other.destroy()]);
    await database.drop();
  });

  /** What another connection sees: only what is committed. */
  const committedIds = async () =>
    (await other.selectFrom('enterprises').select('id').orderBy('id').execute()).map((row) => row.id);

  const insert = (id: string) => (trx: Kysely<Database>) => trx.insertInto('enterprises').values(enterprise(id)).execute();

  it('rolls back a failing write alone, with everything it wrote, and commits the others', async () => {
    await dialect.transact(insert('a'));
    const outcomes = await Promise.allSettled([
      dialect.transact(insert('b')),
      dialect.transact(async (trx) => {
        await insert('half')(trx);
        await insert('a')(trx); // duplicate key
      }),
      dialect.transact(insert('c')),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await committedIds()).toEqual(['a', 'b', 'c']);
  });

  it('returns each write\'s own result', async () => {
    const results = await Promise.all([1, 2, 3].map((n) => dialect.transact(async () => n * 10)));
    expect(results).toEqual([10, 20, 30]);
  });
});
