import type { Message, MessageThread, MessageThreadId } from './model.ts';
import type { AccessTokenGrant } from './tenancy.ts';

/**
 * What the domain needs from storage. `src/store/` implements it over Kysely for SQLite and PostgreSQL; the domain
 * never sees SQL.
 */
export interface MessagingStore {
  /** The grant of an access token, found by its value; undefined when no such token exists. */
  findAccessTokenGrant(accessToken: string): Promise<AccessTokenGrant | undefined>;
  /**
   * Runs `work` in one transaction and resolves once it is committed. On SQLite, writes that arrive together are
   * committed together (group commit); a write that throws is rolled back alone.
   */
  write<T>(work: (writer: MessagingWriter) => Promise<T>): Promise<T>;
}

/** The writes of one transaction. */
export interface MessagingWriter {
  insertMessageThread(thread: MessageThread): Promise<void>;
  /** Appends a message, moves its thread's UpdatedUtc to the message's time and reopens the thread. */
  appendMessage(message: Message): Promise<void>;
  /** Sets a thread's IsResolved and UpdatedUtc; false (and nothing written) when it already had that state. */
  updateMessageThreadResolved(change: { id: MessageThreadId; isResolved: boolean; updatedUtc: number }): Promise<boolean>;
}
