import type { Kysely, Selectable } from 'kysely';
import type { MessageThread } from '../../domain/model.ts';
import type { Database, MessageThreadTable } from '../database.ts';
import { insertThreadActivity } from './activity-feed.repository.ts';

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

export async function insertMessageThread(db: Kysely<Database>, thread: MessageThread): Promise<void> {
  await db
    .insertInto('message_threads')
    .values({
      id: thread.id,
      enterprise_id: thread.enterpriseId,
      integration_id: thread.integrationId,
      original_sender: thread.originalSender,
      subject: thread.subject,
      created_utc: thread.createdUtc,
      updated_utc: thread.updatedUtc,
      is_resolved: thread.isResolved ? 1 : 0,
    })
    .execute();
}

/** Sets IsResolved and UpdatedUtc and records the activity; false when the thread already had that state. */
export async function updateMessageThreadResolved(
  db: Kysely<Database>,
  change: { id: string; isResolved: boolean; updatedUtc: number },
): Promise<boolean> {
  const flag = change.isResolved ? 1 : 0;
  const result = await db
    .updateTable('message_threads')
    .set({ is_resolved: flag, updated_utc: change.updatedUtc })
    .where('id', '=', change.id)
    .where('is_resolved', '!=', flag)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return false;
  await insertThreadActivity(db, {
    discriminator: change.isResolved ? 'MessageThreadResolved' : 'MessageThreadReopened',
    messageThreadId: change.id,
    messageId: null,
    createdUtc: change.updatedUtc,
  });
  return true;
}
