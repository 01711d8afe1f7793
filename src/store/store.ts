import { EventEmitter } from 'node:events';
import { Migrator, sql, type Kysely, type Transaction } from 'kysely';
import type { AdminReader, AdminStore, AdminWriter } from '../domain/admin-store.ts';
import type { MessagingStore, MessagingWriter } from '../domain/store.ts';
import type { WebhookDeliveryLog } from '../domain/webhook-delivery-log.ts';
import type { Database } from './database.ts';
import { openDatabase, type DatabaseOptions, type DialectCapabilities } from './dialect.ts';
import { grantCache } from './grant-cache.ts';
import { groupCommit, type TransactionWork } from './group-commit.ts';
import { lockInsertOrder, lockMessageInsertOrder } from './insert-order.ts';
import { allMigrations } from './migrations/index.ts';
import * as accessTokens from './repositories/access-token.repository.ts';
import { findAccessTokenGrant } from './repositories/access-token.repository.ts';
import { findMessagePosition, findMessages, insertMessages } from './repositories/message.repository.ts';
import {
  findMessageThreadPosition,
  findMessageThreads,
  findMessageThreadsById,
  insertMessageThread,
  markMessageThreadsUpdated,
  updateMessageThreadResolved,
} from './repositories/message-thread.repository.ts';
import * as enterprises from './repositories/enterprise.repository.ts';
import * as integrations from './repositories/integration.repository.ts';
import * as staff from './repositories/staff.repository.ts';
import { listWebhookDeliveries, redeliverWebhook } from './repositories/webhook-delivery.repository.ts';
import { recordMessageAddedEvents } from './repositories/webhook-event.repository.ts';
import { insertMessageActivities, insertThreadActivity } from './repositories/activity-feed.repository.ts';

/** The storage of one server process: the domain's `MessagingStore`, plus what operating it needs. */
export interface Store extends MessagingStore, AdminStore, WebhookDeliveryLog {
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
function writerFor(trx: Transaction<Database>, capabilities: DialectCapabilities, eventsRecorded: () => void): MessagingWriter {
  return {
    insertMessageThread: async (thread) => {
      await lockInsertOrder(trx, capabilities, [thread.integrationId]);
      await insertMessageThread(trx, thread);
      await insertThreadActivity(trx, {
        discriminator: 'MessageThreadAdded',
        messageThreadId: thread.id,
        messageId: null,
        createdUtc: thread.createdUtc,
      });
    },
    findMessageThreadsById: (visibility, ids) => findMessageThreadsById(trx, visibility, ids),
    insertMessages: async (messages) => {
      await lockMessageInsertOrder(trx, capabilities, messages.map((message) => message.messageThreadId));
      await insertMessages(trx, messages);
      // Every message is inserted with its MessageAdded event, in the same transaction (the outbox).
      const recorded = await recordMessageAddedEvents(trx, messages.map((message) => message.id), Date.now());
      if (recorded > 0) eventsRecorded();
      await insertMessageActivities(trx, messages);
    },
    markMessageThreadsUpdated: (ids, updatedUtc) => markMessageThreadsUpdated(trx, ids, updatedUtc),
    updateMessageThreadResolved: (change) => updateMessageThreadResolved(trx, change),
  };
}

/** The administration's reads, over the database or inside a transaction. */
function adminReaderFor(db: Kysely<Database>): AdminReader {
  return {
    listEnterprises: () => enterprises.listEnterprises(db),
    findEnterprises: (ids) => enterprises.findEnterprises(db, ids),
    listIntegrations: () => integrations.listIntegrations(db),
    findIntegration: (id) => integrations.findIntegration(db, id),
    listAccessTokens: (integrationId) => accessTokens.listAccessTokens(db, integrationId),
    findAccessToken: (value) => accessTokens.findAccessToken(db, value),
    listStaff: (enterpriseId) => staff.listStaff(db, enterpriseId),
  };
}

function adminWriterFor(trx: Transaction<Database>): AdminWriter {
  return {
    ...adminReaderFor(trx),
    insertEnterprise: (enterprise) => enterprises.insertEnterprise(trx, enterprise),
    updateEnterprise: (enterprise) => enterprises.updateEnterprise(trx, enterprise),
    insertIntegration: (integration) => integrations.insertIntegration(trx, integration),
    updateIntegration: (integration) => integrations.updateIntegration(trx, integration),
    insertAccessToken: (token) => accessTokens.insertAccessToken(trx, token),
    revokeAccessToken: (id, revokedUtc) => accessTokens.revokeAccessToken(trx, id, revokedUtc),
    insertStaff: (member, passwordHash) => staff.insertStaff(trx, member, passwordHash),
    deleteStaff: (id) => staff.deleteStaff(trx, id),
  };
}

export function openStore(options: DatabaseOptions): Store {
  const { db, capabilities, externalChanges } = openDatabase(options);
  const transact: <T>(work: TransactionWork<T>) => Promise<T> = capabilities.singleWriter
    ? groupCommit(db)
    : (work) => db.transaction().execute(work);
  const committed = new EventEmitter();
  // Where the engine cannot tell of other connections' commits, every request reads its grant from the database.
  const grants = externalChanges ? grantCache((hash) => findAccessTokenGrant(db, hash), externalChanges) : undefined;

  return {
    db,
    capabilities,
    findAccessTokenGrant: (hash) => (grants ? grants.find(hash) : findAccessTokenGrant(db, hash)),
    async write(work) {
      let recorded = false;
      const result = await transact((trx) => work(writerFor(trx, capabilities, () => (recorded = true))));
      if (recorded) committed.emit('webhook-events');
      return result;
    },
    listWebhookDeliveries: (integrationId, page, status) => listWebhookDeliveries(db, integrationId, page, status),
    redeliverWebhook: (deliveryId, nowMs) => redeliverWebhook(db, deliveryId, nowMs),
    onWebhookEventsCommitted(listener) {
      committed.on('webhook-events', listener);
      return () => committed.off('webhook-events', listener);
    },
    findMessageThreadPosition: (visibility, id) => findMessageThreadPosition(db, visibility, id),
    findMessageThreads: (query) => findMessageThreads(db, query),
    findMessagePosition: (threads, id) => findMessagePosition(db, threads, id),
    findMessages: (query) => findMessages(db, query),
    ...adminReaderFor(db),
    async administer(work) {
      try {
        return await transact((trx) => work(adminWriterFor(trx)));
      } finally {
        grants?.clear();
      }
    },
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
