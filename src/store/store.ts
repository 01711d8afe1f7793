import { EventEmitter } from 'node:events';
import { Migrator, sql, type Kysely } from 'kysely';
import type { AdminReader, AdminStore, AdminWriter } from '../domain/admin-store.ts';
import type { EnterpriseStore } from '../domain/enterprise-store.ts';
import type { FaultStore } from '../domain/faults.ts';
import type { SessionsEnd } from '../domain/staff-sessions.ts';
import { staffMayAct } from '../domain/tenancy.ts';
import type { MessagingStore } from '../domain/store.ts';
import type { WebhookBehaviourStore } from '../domain/webhook-behaviour.ts';
import type { RequestJournal } from '../domain/request-journal.ts';
import type { WebhookDeliveryLog } from '../domain/webhook-delivery-log.ts';
import type { WebhookOutbox } from '../domain/webhook-outbox.ts';
import type { Database } from './database.ts';
import type { DialectAdapter } from './dialect/dialect-adapter.ts';
import { openDialect, type DatabaseOptions } from './dialect/open-dialect.ts';
import { grantCache } from './grant-cache.ts';
import { messagingWriter } from './messaging-writer.ts';
import { allMigrations } from './migrations/index.ts';
import {
  findAccessTokenGrant,
  portfolioAccessTokenRepository,
  portfolioAccessTokenWriter,
} from './repositories/access-token.repository.ts';
import { activityFeedRepository } from './repositories/activity-feed.repository.ts';
import { applicationRepository, applicationWriter } from './repositories/application.repository.ts';
import { enterpriseRepository, enterpriseWriter } from './repositories/enterprise.repository.ts';
import { inboxRepository } from './repositories/inbox.repository.ts';
import { integrationRepository, integrationWriter } from './repositories/integration.repository.ts';
import { messageRepository } from './repositories/message.repository.ts';
import { messageThreadRepository } from './repositories/message-thread.repository.ts';
import { staffSessionRepository } from './repositories/staff-session.repository.ts';
import { quickReplyRepository } from './repositories/quick-reply.repository.ts';
import { colleagueRepository, staffRepository, staffWriter } from './repositories/staff.repository.ts';
import { webhookBehaviourRepository } from './repositories/webhook-behaviour.repository.ts';
import { webhookDeliveryRepository } from './repositories/webhook-delivery.repository.ts';
import { insertIntegrationWebhook } from './repositories/webhook-event.repository.ts';
import { autoReplyRepository, autoReplyWriter, hasDueAutoReplies } from './repositories/auto-reply.repository.ts';
import { faultRepository } from './repositories/fault.repository.ts';
import { markDemoSandbox, sandboxRepository, sandboxWriter } from './repositories/sandbox.repository.ts';
import { requestJournalRepository } from './repositories/request-journal.repository.ts';
import { seedSandbox } from './sandbox-seed.ts';
import { findSandboxOfEnterprise, sandboxClockRepository, sandboxClockWriter } from './repositories/sandbox-clock.repository.ts';

/**
 * The storage of one server process: every port of the domain (messaging, administration, the enterprise side, the
 * webhook delivery log) and the dispatcher's outbox, plus what operating it needs. The database itself stays inside.
 */
export interface Store
  extends MessagingStore, AdminStore, EnterpriseStore, WebhookDeliveryLog, WebhookOutbox, WebhookBehaviourStore, RequestJournal, FaultStore {
  /** Brings the schema up to date; safe to run from several processes at once (see `DialectAdapter`). */
  migrate(): Promise<void>;
  /**
   * Inserts the demo tenants where they are missing (see `sandbox-seed.ts`), as the sandbox `demo`; what an operator
   * changed since is left as it is.
   */
  seedSandbox(nowUtc: number): Promise<void>;
  /**
   * Calls `listener` after each commit that recorded webhook events (messaging or administrative), so that this
   * process's dispatcher sends them at once instead of at its next poll. Returns the function that unsubscribes.
   */
  onWebhookEventsCommitted(listener: () => void): () => void;
  /**
   * Calls `listener` after each commit of this process that ended staff sessions (a sign-out, a staff member removed, an
   * enterprise disabled), so that this process's live streams end at once. Returns the function that unsubscribes.
   */
  onStaffSessionsEnded(listener: (end: SessionsEnd) => void): () => void;
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** The administration's reads, over the database or inside its transaction. */
function adminReader(db: Kysely<Database>): AdminReader {
  return {
    ...enterpriseRepository(db),
    ...applicationRepository(db),
    ...integrationRepository(db),
    ...portfolioAccessTokenRepository(db),
    ...staffRepository(db),
    ...sandboxRepository(db),
    ...autoReplyRepository(db),
    ...sandboxClockRepository(db),
    findSandboxOfEnterprise: (enterpriseId) => findSandboxOfEnterprise(db, enterpriseId),
  };
}

interface AdminCommitEffects {
  sessionsEnded(end: SessionsEnd): void;
  webhookEventsRecorded(): void;
}

/**
 * The administration's writes in one transaction, telling `commits` of what the transaction brings: the staff sessions
 * it ends, and whether it wrote to the webhook outbox (an integration webhook).
 */
function adminWriter(trx: Kysely<Database>, locks: Pick<DialectAdapter, 'lockRows'>, commits: AdminCommitEffects): AdminWriter {
  const enterprises = enterpriseWriter(trx);
  const staff = staffWriter(trx);
  return {
    ...adminReader(trx),
    ...enterprises,
    ...applicationWriter(trx),
    ...integrationWriter(trx),
    ...portfolioAccessTokenWriter(trx),
    ...staff,
    ...sandboxWriter(trx, locks),
    ...autoReplyWriter(trx),
    ...sandboxClockWriter(trx),
    async updateEnterprise(id, changes) {
      const updated = await enterprises.updateEnterprise(id, changes);
      if (updated && !staffMayAct({ enterpriseIsEnabled: updated.isEnabled })) commits.sessionsEnded({ kind: 'enterpriseDisabled', enterpriseId: id });
      return updated;
    },
    async deleteStaff(id, at) {
      const deleted = await staff.deleteStaff(id, at);
      if (deleted) commits.sessionsEnded({ kind: 'staffRemoved', staffId: id });
      return deleted;
    },
    async insertIntegrationWebhook(webhook) {
      await insertIntegrationWebhook(trx, webhook, Date.now());
      commits.webhookEventsRecorded();
    },
  };
}

/**
 * Opens the database and composes the store from the repositories, each of which implements its slice of a port:
 * a new query is a method of a port and of one repository. Messaging writes go through `messagingWriter`, which
 * writes what each change brings with it.
 */
export function openStore(options: DatabaseOptions): Store {
  const dialect = openDialect(options);
  const { db } = dialect;
  const committed = new EventEmitter();
  const sessions = staffSessionRepository(db);
  // Where the engine cannot tell of other connections' commits, every request reads its grant from the database.
  const grants = dialect.externalChanges
    ? grantCache((hash) => findAccessTokenGrant(db, hash), dialect.externalChanges)
    : undefined;
  const faults = faultRepository(db);

  return {
    ...messageThreadRepository(db, dialect),
    ...messageRepository(db, dialect),
    ...adminReader(db),
    ...sessions,
    async deleteStaffSession(token) {
      await sessions.deleteStaffSession(token);
      committed.emit('sessions-ended', { kind: 'signedOut', token } satisfies SessionsEnd);
    },
    ...inboxRepository(db, dialect),
    ...colleagueRepository(db),
    ...quickReplyRepository(db),
    ...activityFeedRepository(db),
    ...webhookDeliveryRepository(db, dialect),
    ...webhookBehaviourRepository(db),
    ...requestJournalRepository(db, dialect),
    ...faults,
    // A grant tells whether its sandbox has faults: a fault added or removed changes that.
    async insertFault(fault) {
      await faults.insertFault(fault);
      grants?.clear();
    },
    async deleteFault(id) {
      const deleted = await faults.deleteFault(id);
      grants?.clear();
      return deleted;
    },
    hasDueAutoReplies: (nowMs) => hasDueAutoReplies(db, nowMs),
    findAccessTokenGrant: grants ? grants.find : (hash) => findAccessTokenGrant(db, hash),
    async write(work) {
      let recorded = false;
      const result = await dialect.transact((trx) => work(messagingWriter(trx, dialect, () => (recorded = true))));
      if (recorded) committed.emit('webhook-events');
      return result;
    },
    async administer(work) {
      const ends: SessionsEnd[] = [];
      let recorded = false;
      try {
        const effects: AdminCommitEffects = { sessionsEnded: (end) => ends.push(end), webhookEventsRecorded: () => (recorded = true) };
        const result = await dialect.transact((trx) => work(adminWriter(trx, dialect, effects)));
        // Told once committed: a transaction that failed ended nothing and recorded nothing.
        for (const end of ends) committed.emit('sessions-ended', end);
        if (recorded) committed.emit('webhook-events');
        return result;
      } finally {
        grants?.clear();
      }
    },
    onWebhookEventsCommitted(listener) {
      committed.on('webhook-events', listener);
      return () => committed.off('webhook-events', listener);
    },
    onStaffSessionsEnded(listener) {
      committed.on('sessions-ended', listener);
      return () => committed.off('sessions-ended', listener);
    },
    async migrate() {
      const migrations = allMigrations(dialect);
      const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
      const { error, results } = await migrator.migrateToLatest();
      if (error) {
        const failed = results?.find((r) => r.status === 'Error')?.migrationName;
        throw new Error(`Migration ${failed ?? ''} failed: ${String(error)}`, { cause: error });
      }
    },
    async seedSandbox(nowUtc) {
      await seedSandbox(db, nowUtc);
      await markDemoSandbox(db, nowUtc);
    },
    async ping() {
      await sql`select 1`.execute(db);
    },
    close: () => db.destroy(),
  };
}
