import type { Kysely } from 'kysely';
import type { EnterpriseStore } from '../domain/enterprise-store.ts';
import type { Database } from './database.ts';
import { latestActivitySeq, pruneActivity, readActivity } from './repositories/activity-feed.repository.ts';
import { findEnterpriseThread, listInboxThreads, markThreadRead } from './repositories/inbox.repository.ts';
import {
  deleteExpiredStaffSessions,
  deleteStaffSession,
  findStaffByEmail,
  findStaffBySession,
  insertStaffSession,
} from './repositories/staff-session.repository.ts';

/**
 * The enterprise side's storage over the same database as the messaging store. Its writes are single statements
 * (sessions, read marks), atomic on their own; the messaging changes go through `MessagingStore.write`.
 */
export function openEnterpriseStore(db: Kysely<Database>): EnterpriseStore {
  return {
    findStaffByEmail: (email) => findStaffByEmail(db, email),
    insertStaffSession: (session) => insertStaffSession(db, session),
    findStaffBySession: (token, now) => findStaffBySession(db, token, now),
    deleteStaffSession: (token) => deleteStaffSession(db, token),
    deleteExpiredStaffSessions: (now) => deleteExpiredStaffSessions(db, now),
    findEnterpriseThread: (enterpriseId, id) => findEnterpriseThread(db, enterpriseId, id),
    listInboxThreads: (query) => listInboxThreads(db, query),
    markThreadRead: (staffId, id, upTo) => markThreadRead(db, staffId, id, upTo),
    latestActivitySeq: () => latestActivitySeq(db),
    readActivity: (afterSeq, alsoSeqs, limit) => readActivity(db, afterSeq, alsoSeqs, limit),
    pruneActivity: (beforeUtc) => pruneActivity(db, beforeUtc),
  };
}
