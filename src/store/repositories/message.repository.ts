import { sql, type Kysely, type Selectable, type SqlBool } from 'kysely';
import type { Message, StaffRef } from '../../domain/model.ts';
import type { MessageQuery, MessagingStore } from '../../domain/store.ts';
import type { MessageThreadSelection } from '../../domain/tenancy.ts';
import type { Database, MessageTable } from '../database.ts';
import type { DialectAdapter } from '../dialect/dialect-adapter.ts';
import { visibleMessageThreads } from './message-thread.repository.ts';
import { createdBounds, keysetPage } from './page-query.ts';

export function toMessage(row: Selectable<MessageTable>): Message {
  return {
    id: row.id,
    messageThreadId: row.message_thread_id,
    text: row.text,
    sender: row.sender,
    createdUtc: row.created_utc,
    author: toStaffRef(row.author_staff_id, row.author_name),
  };
}

/** A staff member named by two nullable columns (a message's author, a thread's assignee); null when there is none. */
export function toStaffRef(id: string | null, name: string | null): StaffRef | null {
  return id === null || name === null ? null : { id, name };
}

/** Inserts in the order given, so that `seq` keeps the messages of one request in that order. */
export async function insertMessages(db: Kysely<Database>, messages: readonly Message[]): Promise<void> {
  if (messages.length === 0) return;
  await db
    .insertInto('messages')
    .values(
      messages.map((message) => ({
        id: message.id,
        message_thread_id: message.messageThreadId,
        text: message.text,
        sender: message.sender,
        created_utc: message.createdUtc,
        author_staff_id: message.author?.id ?? null,
        author_name: message.author?.name ?? null,
      })),
    )
    .execute();
}

/** The messages of the selected threads, as the start of a query. */
function selectedThreadMessages(db: Kysely<Database>, threads: MessageThreadSelection) {
  return db.selectFrom('messages').where('message_thread_id', 'in', selectedThreadIds(db, threads));
}

/** The ids of the selected threads the caller may see. */
function selectedThreadIds(db: Kysely<Database>, threads: MessageThreadSelection) {
  return visibleMessageThreads(db, threads, threads.messageThreadIds).select('t.id');
}

/**
 * The reads of messages. With `commitOrder`, pages show only settled messages; with `lateralJoins`, a page of several
 * threads is each thread's page merged (see `KeysetPage.merge`), so that one long thread is never read whole.
 */
export function messageRepository(
  db: Kysely<Database>,
  dialect: Partial<Pick<DialectAdapter, 'commitOrder' | 'lateralJoins'>> = {},
): Pick<MessagingStore, 'findMessages'> {
  return {
    async findMessages(query: MessageQuery): Promise<Message[] | undefined> {
      const visible = selectedThreadMessages(db, query.threads);
      const settledSeq = await dialect.commitOrder?.settledSeq(db, 'messages');
      const perThread = dialect.lateralJoins === true && query.threads.messageThreadIds.length > 1;
      const rows = await keysetPage({
        positions: visible,
        items: perThread
          ? db.selectFrom('messages').selectAll().where(sql<SqlBool>`message_thread_id = selected.id`)
          : visible.selectAll(),
        keys: ['created_utc', 'seq'],
        bounds: createdBounds(query.createdUtc),
        settledSeq,
        merge: perThread
          ? (eachThread) =>
              db
                .selectFrom(selectedThreadIds(db, query.threads).as('selected'))
                .innerJoinLateral(eachThread.as('m'), (join) => join.onTrue())
                .selectAll('m')
          : undefined,
        cursor: query.cursor,
        count: query.count,
      });
      return rows?.map(toMessage);
    },
  };
}
