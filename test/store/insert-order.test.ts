import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { MessageThread } from '../../src/domain/model.ts';
import { SANDBOX_ENTERPRISES, SANDBOX_APPLICATIONS } from '../../src/store/sandbox-seed.ts';
import { BACKENDS } from '../helpers/backends.ts';
import { eventually } from '../helpers/eventually.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

function thread(applicationId: string, subject: string): MessageThread {
  return {
    id: crypto.randomUUID(),
    enterpriseId: SANDBOX_ENTERPRISES[0].id,
    applicationId,
    originalSender: 'Guest',
    subject,
    createdUtc: 1_700_000_000,
    updatedUtc: 1_700_000_000,
    isResolved: false,
  };
}

// Where transactions can commit out of `seq` order (PostgreSQL), one application's inserts are made to wait for each
// other, so that a page can never pass over a row that commits later with a smaller `seq`.
describe.runIf(BACKENDS.includes('postgres'))('insert order of one integration\'s threads', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({}, 'postgres');
  });
  afterAll(() => server.close());

  const [first, second] = SANDBOX_APPLICATIONS.map((i) => i.id) as [string, string];

  /** Starts a write that inserts `row` and then stays open until `release` is called. */
  function openInsert(row: MessageThread) {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const done = new Promise<void>((resolve) => (inserted = resolve));
    const committed = server.store.write(async (writer) => {
      await writer.insertMessageThread(row);
      inserted();
      await held;
    });
    return { release, inserted: done, committed };
  }

  const waitingForLock = async () => {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(server.database);
    return rows[0]!.n > 0;
  };

  it('makes a second insert of the same application wait for the first to commit, then numbers it after', async () => {
    const a = openInsert(thread(first, 'first'));
    await a.inserted;
    const b = openInsert(thread(first, 'second'));
    let bInserted = false;
    void b.inserted.then(() => (bInserted = true));
    await eventually(waitingForLock);
    expect(bInserted).toBe(false);

    a.release();
    await a.committed;
    await b.inserted;
    b.release();
    await b.committed;

    const rows = await server.database.selectFrom('message_threads').select(['subject', 'seq']).orderBy('seq').execute();
    expect(rows.map((r) => r.subject)).toEqual(['first', 'second']);
  });

  it('lets another application insert meanwhile', async () => {
    const a = openInsert(thread(first, 'held'));
    await a.inserted;
    const other = openInsert(thread(second, 'not held'));
    await other.inserted;
    other.release();
    await other.committed;
    a.release();
    await a.committed;
  });
});
