import { Migrator } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDialect } from '../../src/store/dialect/open-dialect.ts';
import type { DialectAdapter } from '../../src/store/dialect/dialect-adapter.ts';
import { allMigrations } from '../../src/store/migrations/index.ts';
import { SANDBOX_APPLICATIONS, SANDBOX_ENTERPRISES } from '../../src/store/sandbox-seed.ts';
import { openStore } from '../../src/store/store.ts';
import { BACKENDS } from '../helpers/backends.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/server.ts';

const MESSAGE_SEARCH = '2026-12-01-0007-message-search';
const visibility = { enterpriseIds: [SANDBOX_ENTERPRISES[0].id] };

for (const backend of BACKENDS) describe(`the message-text index (${backend})`, () => {
  let database: TestDatabase;
  let dialect: DialectAdapter;
  beforeEach(async () => {
    database = await createTestDatabase(backend);
    dialect = openDialect({ url: database.env.DATABASE_URL! });
  });
  afterEach(async () => {
    await dialect.db.destroy();
    await database.drop();
  });

  const migrator = () => {
    const migrations = allMigrations(dialect);
    return new Migrator({ db: dialect.db, provider: { getMigrations: async () => migrations } });
  };
  const threadsWith = async (text: string) => {
    const store = openStore({ url: database.env.DATABASE_URL! });
    try {
      const found = await store.listInboxThreads({ visibility, search: { text, inMessages: true }, staffId: 'nobody', isResolved: null, count: 10, cursor: null });
      return found!.map((thread) => thread.id);
    } finally {
      await store.close();
    }
  };

  it('covers the messages stored before its migration, and follows every later insert, edit and delete', async () => {
    const names = Object.keys(allMigrations(dialect));
    const before = names[names.indexOf(MESSAGE_SEARCH) - 1]!;
    expect((await migrator().migrateTo(before)).error).toBeUndefined();
    const { db } = dialect;
    // The thread's tenants, as the schema is before the index (the seed writes today's schema).
    const application = SANDBOX_APPLICATIONS[0];
    await db.insertInto('enterprises').values({ id: SANDBOX_ENTERPRISES[0].id, name: 'A', is_enabled: 1, created_utc: 1 }).execute();
    await db
      .insertInto('applications')
      .values({ id: application.id, name: application.name, client_token: application.clientToken, webhook_url: null, webhook_secret: 'whsec_x', is_enabled: 1, created_utc: 1 })
      .execute();
    const thread = (id: string) => ({
      id,
      enterprise_id: SANDBOX_ENTERPRISES[0].id,
      application_id: SANDBOX_APPLICATIONS[0].id,
      original_sender: 'Guest',
      subject: 'Subject',
      created_utc: 1,
      updated_utc: 1,
      is_resolved: 0 as const,
    });
    const [old, later] = [crypto.randomUUID(), crypto.randomUUID()];
    const message = (threadId: string, text: string) => ({ id: crypto.randomUUID(), message_thread_id: threadId, text, sender: 'Application' as const, created_utc: 1 });
    await db.insertInto('message_threads').values([thread(old), thread(later)]).execute();
    await db.insertInto('messages').values(message(old, 'Stored before the index')).execute();

    expect((await migrator().migrateToLatest()).error).toBeUndefined();
    expect(await threadsWith('before the index')).toEqual([old]);

    const added = message(later, 'Stored after the index');
    await db.insertInto('messages').values(added).execute();
    expect(await threadsWith('after the index')).toEqual([later]);
    await db.updateTable('messages').set({ text: 'Edited text' }).where('id', '=', added.id).execute();
    expect(await threadsWith('after the index')).toEqual([]);
    expect(await threadsWith('edited text')).toEqual([later]);
    await db.deleteFrom('messages').where('id', '=', added.id).execute();
    expect(await threadsWith('edited text')).toEqual([]);
  });
});
