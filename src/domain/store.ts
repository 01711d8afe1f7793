import type { AccessTokenHash } from './access-token-hash.ts';
import type { DueAutoReply } from './auto-replies.ts';
import type { EnterpriseId, IntegrationId, Message, MessageThread, MessageThreadId, SandboxId, StaffId, StaffRef } from './model.ts';
import type { PageRequest } from './pagination.ts';
import type { SandboxContext } from './sandbox-clock.ts';
import type { AccessTokenGrant, MessageThreadSelection, MessageThreadVisibility } from './tenancy.ts';
import type { TimeInterval, UtcSeconds } from './time.ts';

/**
 * What the domain needs from storage. `src/store/` implements it over Kysely for SQLite and PostgreSQL; the domain
 * never sees SQL.
 */
export interface MessagingStore {
  /** The grant of an access token, found by the hash of its value; undefined when no such token exists. */
  findAccessTokenGrant(accessTokenHash: AccessTokenHash): Promise<AccessTokenGrant | undefined>;
  /**
   * Runs `work` in one transaction and resolves once it is committed. On SQLite, writes that arrive together are
   * committed together (group commit); a write that throws is rolled back alone.
   */
  write<T>(work: (writer: MessagingWriter) => Promise<T>): Promise<T>;
  /**
   * One page of threads, newest first (by creation second, then creation order); undefined when the cursor is not a
   * thread the caller may see (see `toPage`). A cursor marks a place whether or not it matches the query's filters.
   */
  findMessageThreads(query: MessageThreadQuery): Promise<MessageThread[] | undefined>;
  /**
   * One page of messages of the selected threads, newest first (by creation second, then creation order); undefined
   * when the cursor is not a message of those threads (see `toPage`).
   */
  findMessages(query: MessageQuery): Promise<Message[] | undefined>;
  /** Whether an auto-reply is due at `nowMs` (epoch milliseconds). */
  hasDueAutoReplies(nowMs: number): Promise<boolean>;
}

/** The writes of one transaction. */
export interface MessagingWriter {
  /**
   * Holds the sandbox until the transaction ends, so that its removal or reset waits for this write to commit (and
   * deletes what it wrote), and tells whether it is still there: false when it was removed since the request's grant
   * was read, or while this waited for its removal. A Connector write calls it before anything else (`writeInScope`).
   */
  holdSandbox(id: SandboxId): Promise<boolean>;
  /**
   * Ids for `count` new rows of this transaction: drawn from the sandbox's seed in the order asked for, so that the
   * same requests give the same ids; random outside sandboxes and in one without a seed.
   */
  drawIds(sandbox: SandboxContext | null | undefined, count: number): Promise<string[]>;
  /** The sandbox an enterprise belongs to, with its clock and seed; null for an operator's own enterprise. */
  findSandboxOfEnterprise(enterpriseId: EnterpriseId): Promise<SandboxContext | null>;
  insertMessageThread(thread: MessageThread): Promise<void>;
  /** Of `ids`, the threads the caller may see, in no particular order. */
  findMessageThreadsById(visibility: MessageThreadVisibility, ids: readonly MessageThreadId[]): Promise<MessageThread[]>;
  /**
   * Every message insert goes through here, so that whatever must accompany a new message is written with it (its
   * MessageAdded events, its activity, the auto-replies a guest message in a sandbox is due).
   * `threads` are the threads they go into, as `findMessageThreadsById` found them in this transaction: what the store
   * needs of them (their applications) it takes from there rather than reading them again.
   */
  insertMessages(messages: readonly Message[], threads: readonly MessageThread[]): Promise<void>;
  /** Deletes the auto-replies due at `nowMs` and returns them; each is returned to one transaction only. */
  claimDueAutoReplies(nowMs: number): Promise<DueAutoReply[]>;
  /** Threads that receive a message: updated at that time, and no longer resolved (a resolved one is reopened). */
  markMessageThreadsUpdated(ids: readonly MessageThreadId[], updatedUtc: UtcSeconds): Promise<void>;
  /** Sets a thread's IsResolved and UpdatedUtc; false (and nothing written) when it already had that state. */
  updateMessageThreadResolved(change: {
    thread: Pick<MessageThread, 'id' | 'enterpriseId'>;
    isResolved: boolean;
    updatedUtc: UtcSeconds;
  }): Promise<boolean>;
  /** A staff member of the enterprise, by id; undefined when there is none there. */
  findStaffOf(enterpriseId: EnterpriseId, staffId: StaffId): Promise<StaffRef | undefined>;
  /**
   * Assigns a thread to a staff member, or to nobody (null), leaving `UpdatedUtc` as it is: the integration has no
   * part in it. False (and nothing written) when it already was.
   */
  updateMessageThreadAssignee(change: {
    thread: Pick<MessageThread, 'id' | 'enterpriseId'>;
    staffId: StaffId | null;
    at: UtcSeconds;
  }): Promise<boolean>;
}

export interface MessageThreadQuery extends PageRequest {
  readonly visibility: MessageThreadVisibility;
  /** null: no filter by id. */
  readonly messageThreadIds: readonly MessageThreadId[] | null;
  readonly createdUtc: TimeInterval | null;
  readonly updatedUtc: TimeInterval | null;
}

export interface MessageQuery extends PageRequest {
  readonly threads: MessageThreadSelection;
  readonly createdUtc: TimeInterval | null;
}
