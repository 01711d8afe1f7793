import type { Activity } from './activity.ts';
import type { EnterpriseId, MessageId, MessageThread, MessageThreadId } from './model.ts';
import type { InboxThread } from './inbox.ts';
import type { StaffMember } from './staff-sessions.ts';
import type { UtcSeconds } from './time.ts';

/** A staff member as stored, with the hash to check a password against. */
export interface StaffCredentials {
  readonly staff: StaffMember;
  readonly passwordHash: string;
}

export interface StaffSessionRecord {
  /** The session token itself; the store keeps only its hash. */
  readonly token: string;
  readonly staffId: string;
  readonly createdUtc: UtcSeconds;
  readonly expiresUtc: UtcSeconds;
}

export interface InboxThreadQuery {
  readonly enterpriseId: EnterpriseId;
  /** Whose read state decides `isUnread`. */
  readonly staffId: string;
  readonly isResolved: boolean | null;
  /** Matched case-insensitively against the guest's name and the subject; null matches all. */
  readonly search: string | null;
  readonly count: number;
  /** The thread the page continues after (older activity); null starts with the newest. */
  readonly after: MessageThreadId | null;
}

/**
 * What the enterprise side needs from storage beyond the messaging writes: staff and their sessions, the inbox's
 * queries, read state and the activity feed. `src/store/` implements it.
 */
export interface EnterpriseStore {
  findStaffByEmail(email: string): Promise<StaffCredentials | undefined>;
  insertStaffSession(session: StaffSessionRecord): Promise<void>;
  /** The staff member of an unexpired session whose enterprise is enabled; undefined otherwise. */
  findStaffBySession(token: string, now: UtcSeconds): Promise<StaffMember | undefined>;
  deleteStaffSession(token: string): Promise<void>;
  deleteExpiredStaffSessions(now: UtcSeconds): Promise<void>;

  /** A thread of the enterprise; undefined when it does not exist or belongs to another enterprise. */
  findEnterpriseThread(enterpriseId: EnterpriseId, messageThreadId: MessageThreadId): Promise<MessageThread | undefined>;
  /** Newest activity first; undefined when `after` is not a thread of the enterprise. */
  listInboxThreads(query: InboxThreadQuery): Promise<InboxThread[] | undefined>;
  /** Records that the staff member has seen the thread up to `upTo` (null: a thread without messages). */
  markThreadRead(staffId: string, messageThreadId: MessageThreadId, upTo: MessageId | null): Promise<void>;

  /** The newest activity's seq, 0 when there is none. */
  latestActivitySeq(): Promise<number>;
  /** Activities after `afterSeq` plus those of the listed seqs (late commits), oldest first. */
  readActivity(afterSeq: number, alsoSeqs: readonly number[], limit: number): Promise<Activity[]>;
  /** Forgets activities older than `beforeUtc`. */
  pruneActivity(beforeUtc: UtcSeconds): Promise<void>;
}
