import type { Activity } from './activity.ts';
import type { EnterpriseId, Message, MessageId, MessageThread, MessageThreadId, SandboxId, StaffId, StaffRef } from './model.ts';
import type { QuickReply } from './quick-replies.ts';
import type { PageRequest } from './pagination.ts';
import type { StaffMember } from './staff-sessions.ts';
import type { MessageThreadVisibility, StaffSessionGrant } from './tenancy.ts';
import type { UtcSeconds } from './time.ts';

/** A staff member as stored, with the hash to check a password against and whether their enterprise is enabled. */
export interface StaffCredentials {
  readonly staff: StaffMember;
  readonly passwordHash: string;
  readonly enterpriseIsEnabled: boolean;
}

export interface StaffSessionRecord {
  /** The session token itself; the store keeps only its hash. */
  readonly token: string;
  readonly staffId: string;
  readonly createdUtc: UtcSeconds;
  readonly expiresUtc: UtcSeconds;
}

/** Which threads the inbox shows, whatever their state: the page and the count of each state are of these. */
export interface InboxThreadFilter {
  readonly visibility: MessageThreadVisibility;
  /** Null matches all. */
  readonly search: InboxSearch | null;
  /** Only the threads assigned to this staff member, or to nobody (null); undefined: any. */
  readonly assignedStaffId?: StaffId | null;
}

/** Text to find: always in the guest's name and the subject, case-insensitively, and in message text when told. */
export interface InboxSearch {
  readonly text: string;
  /** Whether a thread also matches when one of its messages contains the text. */
  readonly inMessages: boolean;
}

export interface InboxThreadQuery extends PageRequest, InboxThreadFilter {
  /** Whose read mark each thread comes with. */
  readonly staffId: string;
  readonly isResolved: boolean | null;
}

/** How many threads a filter matches, by state. */
export interface InboxThreadCounts {
  readonly open: number;
  readonly resolved: number;
}

/**
 * A thread as the inbox's query finds it: with its application's name, its newest message, and the facts its
 * unread state follows from (see `isUnread`). Positions number messages in the order they were stored.
 */
export interface InboxThreadRecord extends MessageThread {
  readonly applicationName: string;
  readonly lastMessage: Message | null;
  readonly assignee: StaffRef | null;
  /** The position of `lastMessage`; null without messages. */
  readonly lastMessagePosition: number | null;
  /** The staff member's read mark: the position of the newest message they have seen, 0 if there was none then; null when they never opened the thread. */
  readonly readPosition: number | null;
}

/**
 * What the enterprise side needs from storage beyond the messaging writes: staff and their sessions, the inbox's
 * queries, read state and the activity feed. `src/store/` implements it.
 */
export interface EnterpriseStore {
  /** A staff member by lower-cased email, whatever the state of their enterprise; the only read of a password hash. */
  findStaffByEmail(email: string): Promise<StaffCredentials | undefined>;
  insertStaffSession(session: StaffSessionRecord): Promise<void>;
  /** A session by its token, expired or not, with what a session check needs (never the password hash). */
  findStaffSession(token: string): Promise<StaffSessionGrant | undefined>;
  /** `findStaffSession` for any number of tokens at once: the sessions found, by token. */
  findStaffSessions(tokens: readonly string[]): Promise<Map<string, StaffSessionGrant>>;
  deleteStaffSession(token: string): Promise<void>;
  /**
   * Deletes the sessions expired at `now` of the staff on the same clock: those of the sandbox `sandboxId`, or (null)
   * those outside sandboxes and in sandboxes on real time.
   */
  deleteExpiredStaffSessions(now: UtcSeconds, sandboxId: SandboxId | null): Promise<void>;

  /** A thread the caller may see; undefined when there is none with that id. */
  findMessageThread(visibility: MessageThreadVisibility, messageThreadId: MessageThreadId): Promise<MessageThread | undefined>;
  /**
   * One page of threads, latest activity first (by `UpdatedUtc`, then creation order); undefined when the cursor is
   * not a thread the caller may see (see `toPage`).
   */
  listInboxThreads(query: InboxThreadQuery): Promise<InboxThreadRecord[] | undefined>;
  /** The threads the filter matches, counted by state in one statement. */
  countInboxThreads(filter: InboxThreadFilter): Promise<InboxThreadCounts>;
  /** Records that the staff member has seen the thread up to `upTo` (null: a thread without messages). */
  markThreadRead(staffId: string, messageThreadId: MessageThreadId, upTo: MessageId | null): Promise<void>;
  /** The enterprise's staff, by name. */
  listStaffOf(enterpriseId: EnterpriseId): Promise<StaffRef[]>;

  /** The enterprise's quick replies, oldest first. */
  listQuickReplies(enterpriseId: EnterpriseId): Promise<QuickReply[]>;
  /** Inserts unless the enterprise has `max` already; false when it has. */
  insertQuickReply(reply: QuickReply, max: number): Promise<boolean>;
  /** The quick reply with its new text; undefined when the enterprise has none with that id. */
  updateQuickReply(enterpriseId: EnterpriseId, id: string, text: string): Promise<QuickReply | undefined>;
  /** False when the enterprise has no quick reply with that id. */
  deleteQuickReply(enterpriseId: EnterpriseId, id: string): Promise<boolean>;

  /** The newest activity's seq, 0 when there is none. */
  latestActivitySeq(): Promise<number>;
  /** Activities after `afterSeq` plus those of the listed seqs (late commits), oldest first. */
  readActivity(afterSeq: number, alsoSeqs: readonly number[], limit: number): Promise<Activity[]>;
  /** Forgets activities older than `beforeUtc`; a sandbox's, older than that on its clock. */
  pruneActivity(beforeUtc: UtcSeconds): Promise<void>;
}
