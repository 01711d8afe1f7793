import type { Kysely } from 'kysely';
import type { Database } from '../../src/store/database.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { openTestDatabase } from './database.ts';
import { createTestDatabase, testBackend, type TestBackend } from './server.ts';

/**
 * The backends a store-level or property test runs on, one `describe` block each, as Kysely's tests loop over dialects:
 * `for (const backend of BACKENDS) describe(backend, …)`. `TEST_BACKENDS=sqlite,postgres` names them (PostgreSQL and
 * Redis must then be up); by default it is the run's own backend (`TEST_BACKEND`), so CI's SQLite run covers SQLite and
 * its PostgreSQL run PostgreSQL.
 */
export const BACKENDS: readonly TestBackend[] = parseBackends(process.env.TEST_BACKENDS);

function parseBackends(list: string | undefined): TestBackend[] {
  if (!list) return [testBackend];
  const names = list.split(',').map((name) => name.trim());
  for (const name of names) {
    if (name !== 'sqlite' && name !== 'postgres') throw new Error(`TEST_BACKENDS: unknown backend "${name}"`);
  }
  return [...new Set(names as TestBackend[])];
}

export interface TestStore {
  readonly store: Store;
  /** The database's URL, to open another store over it (another process's view). */
  readonly url: string;
  /** A connection of the test's own, for rows no API can make (see `openTestDatabase`). */
  readonly db: Kysely<Database>;
  /** Closes the store and removes its database. */
  close(): Promise<void>;
}

/** A migrated, empty store over a fresh database of `backend` (see `createTestDatabase`). */
export async function openTestStore(backend: TestBackend): Promise<TestStore> {
  const database = await createTestDatabase(backend);
  const url = database.env.DATABASE_URL!;
  const store = openStore({ url });
  try {
    await store.migrate();
  } catch (error) {
    await store.close();
    await database.drop();
    throw error;
  }
  const db = openTestDatabase(url);
  return {
    store,
    url,
    db,
    async close() {
      try {
        await Promise.all([store.close(), db.destroy()]);
      } finally {
        await database.drop();
      }
    },
  };
}
