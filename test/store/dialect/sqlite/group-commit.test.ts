import { join } from 'node:path';
import { rmSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database } from '../../../../src/store/database.ts';
import type { DialectAdapter } from '../../../../src/store/dialect/dialect-adapter.ts';
import { openSqlite } from '../../../../src/store/dialect/sqlite/sqlite-adapter.ts';
import { openStore } from '../../../../src/store/store.ts';
import { BACKENDS } from '../../../helpers/backends.ts';
import { temporaryFolder } from '../../../helpers/server.ts';

const enterprise = (id: string) => ({ id, name: id, is_enabled: 1 as const, created_utc: 1 });

// SQLite's machinery (see test/store/store.test.ts for what every backend's writes promise).
describe.runIf(BACKENDS.includes('sqlite'))('group commit', () => {
  let folder: string;
  let dialect: DialectAdapter;
  let write: DialectAdapter['transact'];
  beforeEach(async () => {
    folder = temporaryFolder();
    const store = openStore({ url: `sqlite:${join(folder, 'db.sqlite')}` });
    await store.migrate();
    await store.close();
    dialect = openSqlite({ path: join(folder, 'db.sqlite') });
    // The adapter's writes are its group commit.
    write = dialect.transact;
  });
  afterEach(async () => {
    await dialect.db.destroy();
    rmSync(folder, { recursive: true, force: true });
  });

  /** What another connection sees: only what is committed. */
  function committedIds(): string[] {
    const other = new SQLite(join(folder, 'db.sqlite'), { readonly: true });
    try {
      return (other.prepare('select id from enterprises order by id').all() as { id: string }[]).map((r) => r.id);
    } finally {
      other.close();
    }
  }

  const insert = (id: string) => (trx: Kysely<Database>) => trx.insertInto('enterprises').values(enterprise(id)).execute();

  it('resolves each write only once it is committed', async () => {
    const seen = await Promise.all(['a', 'b', 'c'].map((id) => write(insert(id)).then(() => committedIds())));
    for (const [i, id] of ['a', 'b', 'c'].entries()) expect(seen[i]).toContain(id);
  });

  it('rolls back a failing write alone, with everything it wrote, and commits the others', async () => {
    const outcomes = await Promise.allSettled([
      write(insert('a')),
      write(async (trx) => {
        await insert('half')(trx);
        await insert('a')(trx); // duplicate key
      }),
      write(insert('b')),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(committedIds()).toEqual(['a', 'b']);
  });

  it('returns each write\'s own result', async () => {
    const results = await Promise.all([1, 2, 3].map((n) => write(async () => n * 10)));
    expect(results).toEqual([10, 20, 30]);
  });
});
