import { Migrator, sql, type Kysely, type Transaction } from 'kysely';
import type { MessagingStore, MessagingWriter } from '../domain/store.ts';
import type { Database } from './database.ts';
import { openDatabase, type DatabaseOptions, type DialectCapabilities } from './dialect.ts';
import { groupCommit, type TransactionWork } from './group-commit.ts';
import { allMigrations } from './migrations/index.ts';
import { findAccessTokenGrant } from './repositories/access-token.repository.ts';
import { insertMessageThread, updateMessageThreadResolved } from './repositories/message-thread.repository.ts';
import { insertThreadActivity } from './repositories/activity-feed.repository.ts';
import { appendMessage } from './repositories/inbox.repository.ts';

/** The storage of one server process: the domain's `MessagingStore`, plus what operating it needs. */
export interface Store extends MessagingStore {
  readonly db: Kysely<Database>;
  readonly capabilities: DialectCapabilities;
  /** Brings the schema up to date; safe to run from several processes at once on PostgreSQL (advisory lock). */
  migrate(): Promise<void>;
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

function writerFor(trx: Transaction<Database>): MessagingWriter {
  return {
    async insertMessageThread(thread) {
      await insertMessageThread(trx, thread);
      await insertThreadActivity(trx, {
        discriminator: 'MessageThreadAdded',
        messageThreadId: thread.id,
        messageId: null,
        createdUtc: thread.createdUtc,
      });
    },
    appendMessage: (message) => appendMessage(trx, message),
    updateMessageThreadResolved: (change) => updateMessageThreadResolved(trx, change),
  };
}

export function openStore(options: DatabaseOptions): Store {
  const { db, capabilities } = openDatabase(options);
  const transact: <T>(work: TransactionWork<T>) => Promise<T> = capabilities.singleWriter
    ? groupCommit(db)
    : (work) => db.transaction().execute(work);

  return {
    db,
    capabilities,
    findAccessTokenGrant: (value) => findAccessTokenGrant(db, value),
    write: (work) => transact((trx) => work(writerFor(trx))),
    async migrate() {
      const migrations = allMigrations(capabilities);
      const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
      const { error, results } = await migrator.migrateToLatest();
      if (error) {
        const failed = results?.find((r) => r.status === 'Error')?.migrationName;
        throw new Error(`Migration ${failed ?? ''} failed: ${String(error)}`, { cause: error });
      }
    },
    async ping() {
      await sql`select 1`.execute(db);
    },
    close: () => db.destroy(),
  };
}
