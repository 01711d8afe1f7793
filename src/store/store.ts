import { EventEmitter } from 'node:events';
import { Migrator, sql, type Kysely, type Transaction } from 'kysely';
import type { MessagingStore, MessagingWriter } from '../domain/store.ts';
import type { Database } from './database.ts';
import { openDatabase, type DatabaseOptions, type DialectCapabilities } from './dialect.ts';
import { groupCommit, type TransactionWork } from './group-commit.ts';
import { allMigrations } from './migrations/index.ts';
import { findAccessTokenGrant } from './repositories/access-token.repository.ts';
import { findMessagePosition, findMessages, insertMessages } from './repositories/message.repository.ts';
import {
  findMessageThreadPosition,
  findMessageThreads,
  findMessageThreadsById,
  insertMessageThread,
  markMessageThreadsUpdated,
} from './repositories/message-thread.repository.ts';
import { recordMessageAddedEvents } from './repositories/webhook-event.repository.ts';

/** The storage of one server process: the domain's `MessagingStore`, plus what operating it needs. */
export interface Store extends MessagingStore {
  readonly db: Kysely<Database>;
  readonly capabilities: DialectCapabilities;
  /** Brings the schema up to date; safe to run from several processes at once on PostgreSQL (advisory lock). */
  migrate(): Promise<void>;
  /**
   * Calls `listener` after each commit that recorded webhook events, so that this process's dispatcher sends them at
   * once instead of at its next poll. Returns the function that unsubscribes.
   */
  onWebhookEventsCommitted(listener: () => void): () => void;
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** `eventsRecorded` is called when the transaction wrote to the webhook outbox. */
function writerFor(trx: Transaction<Database>, eventsRecorded: () => void): MessagingWriter {
  return {
    insertMessageThread: (thread) => insertMessageThread(trx, thread),
    findMessageThreadsById: (visibility, ids) => findMessageThreadsById(trx, visibility, ids),
    // Every message is inserted with its MessageAdded event, in the same transaction (the outbox).
    async insertMessages(messages) {
      await insertMessages(trx, messages);
      const recorded = await recordMessageAddedEvents(trx, messages.map((message) => message.id), Date.now());
      if (recorded > 0) eventsRecorded();
    },
    markMessageThreadsUpdated: (ids, updatedUtc) => markMessageThreadsUpdated(trx, ids, updatedUtc),
  };
}

export function openStore(options: DatabaseOptions): Store {
  const { db, capabilities } = openDatabase(options);
  const transact: <T>(work: TransactionWork<T>) => Promise<T> = capabilities.singleWriter
    ? groupCommit(db)
    : (work) => db.transaction().execute(work);
  const committed = new EventEmitter();

  return {
    db,
    capabilities,
    findAccessTokenGrant: (value) => findAccessTokenGrant(db, value),
    async write(work) {
      let recorded = false;
      const result = await transact((trx) => work(writerFor(trx, () => (recorded = true))));
      if (recorded) committed.emit('webhook-events');
      return result;
    },
    onWebhookEventsCommitted(listener) {
      committed.on('webhook-events', listener);
      return () => committed.off('webhook-events', listener);
    },
    findMessageThreadPosition: (visibility, id) => findMessageThreadPosition(db, visibility, id),
    findMessageThreads: (query) => findMessageThreads(db, query),
    findMessagePosition: (threads, id) => findMessagePosition(db, threads, id),
    findMessages: (query) => findMessages(db, query),
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
