import type { Insertable, Kysely, Selectable } from 'kysely';
import type { MessageThread } from '../../domain/model.ts';
import type { Database, MessageThreadTable } from '../database.ts';
import { reusableQuery } from '../reusable-query.ts';

export function toMessageThread(row: Selectable<MessageThreadTable>): MessageThread {
  return {
    id: row.id,
    enterpriseId: row.enterprise_id,
    integrationId: row.integration_id,
    originalSender: row.original_sender,
    subject: row.subject,
    createdUtc: row.created_utc,
    updatedUtc: row.updated_utc,
    isResolved: row.is_resolved === 1,
  };
}

/** Compiled once per transaction: a group commit inserts many threads in one. */
const insertRow = reusableQuery((db: Kysely<Database>, row: Insertable<MessageThreadTable>) =>
  db.insertInto('message_threads').values(row),
);

export async function insertMessageThread(db: Kysely<Database>, thread: MessageThread): Promise<void> {
  await insertRow(db, {
    id: thread.id,
    enterprise_id: thread.enterpriseId,
    integration_id: thread.integrationId,
    original_sender: thread.originalSender,
    subject: thread.subject,
    created_utc: thread.createdUtc,
    updated_utc: thread.updatedUtc,
    is_resolved: thread.isResolved ? 1 : 0,
  });
}
