import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DialectAdapter } from '../../../../src/store/dialect/dialect-adapter.ts';
import { openSqlite } from '../../../../src/store/dialect/sqlite/sqlite-adapter.ts';
import { openStore } from '../../../../src/store/store.ts';
import { BACKENDS } from '../../../helpers/backends.ts';
import { temporaryFolder } from '../../../helpers/server.ts';

// Counts the threads the checkpointer starts.
const threads = vi.hoisted(() => ({ started: 0 }));
vi.mock('node:worker_threads', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:worker_threads')>();
  class CountedWorker extends original.Worker {
    constructor(...args: ConstructorParameters<typeof original.Worker>) {
      super(...args);
      threads.started++;
    }
  }
  return { ...original, Worker: CountedWorker };
});

// SQLite's machinery: the background checkpoint copies what writes commit into the database file.
describe.runIf(BACKENDS.includes('sqlite'))('WAL checkpointer', () => {
  let folder: string;
  let path: string;
  let dialect: DialectAdapter;
  const errors: Error[] = [];
  beforeEach(async () => {
    folder = temporaryFolder();
    path = join(folder, 'db.sqlite');
    const store = openStore({ url: `sqlite:${path}` });
    await store.migrate();
    await store.close();
    threads.started = 0;
    dialect = openSqlite({ path, backgroundCheckpoints: { onError: (error) => errors.push(error) } });
  });
  afterEach(async () => {
    await dialect.db.destroy();
    rmSync(folder, { recursive: true, force: true });
  });

  it('copies committed writes into the database file long before the writer\'s own checkpoint would', async () => {
    const before = statSync(path).size;
    // About 50 pages of 4 KiB: far below the 1000 pages of log at which the writer would checkpoint.
    const names = Array.from({ length: 50 }, (_, i) => `${'x'.repeat(4000)}${i}`);
    for (const [i, name] of names.entries()) {
      await dialect.transact((trx) => trx.insertInto('enterprises').values({ id: `e${i}`, name, is_enabled: 1, created_utc: 1 }).execute());
    }
    await vi.waitFor(() => expect(statSync(path).size).toBeGreaterThan(before + 50 * 4000), { timeout: 10_000, interval: 20 });
    expect(errors).toEqual([]);
  });

  it('starts its thread at the first commit that changes rows, not at those that change none', async () => {
    // As the start's pruning does on a database with nothing to prune.
    await dialect.transact((trx) => trx.deleteFrom('enterprises').where('id', '=', 'none').execute());
    await dialect.transact((trx) => trx.deleteFrom('enterprises').where('id', '=', 'none').execute());
    expect(threads.started).toBe(0);
    await dialect.transact((trx) => trx.insertInto('enterprises').values({ id: 'e', name: 'E', is_enabled: 1, created_utc: 1 }).execute());
    await dialect.transact((trx) => trx.updateTable('enterprises').set({ name: 'F' }).execute());
    expect(threads.started).toBe(1);
    expect(errors).toEqual([]);
  });
});
