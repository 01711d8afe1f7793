import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { addMessages, addThread, aroundNow, messagesFor, pageAll } from '../helpers/connector.ts';
import { BACKENDS } from '../helpers/backends.ts';
import { demo, demoApplicationId, enterpriseA } from '../helpers/sandbox.ts';
import { createTestDatabase, startTestServer, type TestDatabase, type TestServer } from '../helpers/server.ts';

// Where transactions can commit out of `seq` order (PostgreSQL), inserts do not wait for each other; instead a page
// shows nothing above a row that is still being inserted, so that a client paging with Cursor never passes over it.
describe.runIf(BACKENDS.includes('postgres'))('late commits on PostgreSQL', () => {
  let database: TestDatabase;
  let server: TestServer;
  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    server = await startTestServer(database.env, 'postgres');
  });
  afterAll(async () => {
    await server?.close();
    await database?.drop();
  });

  /** A connection of the test's own, in a transaction that stays open until `commit`: a writer that commits late. */
  async function openTransaction(): Promise<{ query: (text: string, values: unknown[]) => Promise<unknown>; commit: () => Promise<void> }> {
    const client = new pg.Client({ connectionString: database.env.DATABASE_URL });
    await client.connect();
    await client.query('begin');
    return {
      query: (text, values) => client.query(text, values),
      commit: async () => {
        try {
          await client.query('commit');
        } finally {
          await client.end();
        }
      },
    };
  }

  const threadsOf = () => pageAll(server, 'threads', { ...demo.a, CreatedUtc: aroundNow() }, 2);

  it('lets one application insert while another of its inserts is still open', async () => {
    const held = await openTransaction();
    await held.query(
      `insert into message_threads (id, enterprise_id, application_id, original_sender, subject, created_utc, updated_utc, is_resolved)
       values ($1, $2, $3, 'Guest', 'Held', $4, $4, 0)`,
      [crypto.randomUUID(), enterpriseA, demoApplicationId, Math.floor(Date.now() / 1000)],
    );
    // Answered while the other insert of the same application is open: no insert waits for another to commit.
    await addThread(server, demo.a, { Subject: 'Not held' });
    await held.commit();
  });

  it('pages no thread above one whose insert is still open, then all of them in order once it commits', async () => {
    const before = await threadsOf();
    const older = await addThread(server, demo.a, { Subject: 'Older' });
    const heldId = crypto.randomUUID();
    const held = await openTransaction();
    await held.query(
      `insert into message_threads (id, enterprise_id, application_id, original_sender, subject, created_utc, updated_utc, is_resolved)
       values ($1, $2, $3, 'Guest', 'Late', $4, $4, 0)`,
      [heldId, enterpriseA, demoApplicationId, Math.floor(Date.now() / 1000)],
    );
    const newer = [await addThread(server, demo.a, { Subject: 'Newer 1' }), await addThread(server, demo.a, { Subject: 'Newer 2' })];

    // The newer threads are committed, but a client that saw them now and paged on would pass over the late one.
    expect(await threadsOf()).toEqual([older.Id, ...before]);

    await held.commit();
    expect(await threadsOf()).toEqual([newer[1]!.Id, newer[0]!.Id, heldId, older.Id, ...before]);
  });

  it('pages no message above one whose insert is still open, then all of them in order once it commits', async () => {
    const thread = await addThread(server, demo.a);
    const messagesOf = () => pageAll(server, 'messages', { ...demo.a, MessageThreadIds: [thread.Id] }, 2);
    const [older] = await addMessages(server, demo.a, messagesFor(thread.Id));
    const heldId = crypto.randomUUID();
    const held = await openTransaction();
    await held.query(
      `insert into messages (id, message_thread_id, text, sender, created_utc) values ($1, $2, 'Late', 'Application', $3)`,
      [heldId, thread.Id, Math.floor(Date.now() / 1000)],
    );
    const newer = await addMessages(server, demo.a, messagesFor(thread.Id, 3));

    expect(await messagesOf()).toEqual([older!.Id]);

    await held.commit();
    expect(await messagesOf()).toEqual([...newer.map((m) => m.Id).toReversed(), heldId, older!.Id]);
  });

  it('pages past a late insert that rolled back', async () => {
    const held = await openTransaction();
    await held.query(
      `insert into message_threads (id, enterprise_id, application_id, original_sender, subject, created_utc, updated_utc, is_resolved)
       values ($1, $2, $3, 'Guest', 'Rolled back', $4, $4, 0)`,
      [crypto.randomUUID(), enterpriseA, demoApplicationId, Math.floor(Date.now() / 1000)],
    );
    const newer = await addThread(server, demo.a, { Subject: 'After the rollback' });
    expect(await threadsOf()).not.toContain(newer.Id);
    await held.query('rollback', []);
    await held.commit().catch(() => {});
    expect((await threadsOf())[0]).toBe(newer.Id);
  });
});
