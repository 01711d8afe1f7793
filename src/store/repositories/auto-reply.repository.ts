import { sql, type Kysely, type Selectable } from 'kysely';
import type { AdminReader, AdminWriter } from '../../domain/admin-store.ts';
import type { AutoReply, MessageId } from '../../domain/model.ts';
import type { DueAutoReply } from '../../domain/auto-replies.ts';
import type { AutoReplyTable, Database } from '../database.ts';
import { sandboxNowMsSql } from './sandbox-clock.repository.ts';

function toAutoReply(row: Selectable<AutoReplyTable>): AutoReply {
  return { id: row.id, sandboxId: row.sandbox_id, text: row.text, delayMs: Number(row.delay_ms), createdUtc: Number(row.created_utc) };
}

/** The administration's reads of auto-replies. */
export function autoReplyRepository(db: Kysely<Database>): Pick<AdminReader, 'listAutoReplies'> {
  return {
    async listAutoReplies(sandboxId) {
      const rows = await db.selectFrom('auto_replies').selectAll().where('sandbox_id', '=', sandboxId).orderBy('created_utc').orderBy('id').execute();
      return rows.map(toAutoReply);
    },
  };
}

/** The administration's writes of auto-replies, inside its transaction. */
export function autoReplyWriter(db: Kysely<Database>): Pick<AdminWriter, 'insertAutoReply' | 'deleteAutoReply'> {
  return {
    async insertAutoReply(reply) {
      await db
        .insertInto('auto_replies')
        .values({ id: reply.id, sandbox_id: reply.sandboxId, text: reply.text, delay_ms: reply.delayMs, created_utc: reply.createdUtc })
        .execute();
    },
    async deleteAutoReply(id) {
      await db.deleteFrom('due_auto_replies').where('auto_reply_id', '=', id).execute();
      const deleted = await db.deleteFrom('auto_replies').where('id', '=', id).executeTakeFirst();
      return Number(deleted.numDeletedRows) > 0;
    },
  };
}

/**
 * Schedules, in the guest messages' own transaction, the auto-replies of the sandbox each message's enterprise is in:
 * one row per guest message (Sender `Application`) and auto-reply, due `delay_ms` after `nowMs` on the sandbox's clock.
 */
export async function scheduleAutoReplies(db: Kysely<Database>, messageIds: readonly MessageId[], nowMs: number): Promise<void> {
  if (messageIds.length === 0) return;
  await db
    .insertInto('due_auto_replies')
    .columns(['message_id', 'auto_reply_id', 'message_thread_id', 'enterprise_id', 'text', 'due_ms'])
    .expression((eb) =>
      eb
        .selectFrom('messages as m')
        .innerJoin('message_threads as t', 't.id', 'm.message_thread_id')
        .innerJoin('enterprises as e', 'e.id', 't.enterprise_id')
        .innerJoin('auto_replies as a', 'a.sandbox_id', 'e.sandbox_id')
        .innerJoin('sandboxes as sb', 'sb.id', 'e.sandbox_id')
        .select((s) => ['m.id', 'a.id', 't.id', 't.enterprise_id', 'a.text', sql<number>`cast(${sandboxNowMsSql('sb', nowMs)} as bigint) + ${s.ref('a.delay_ms')}`.as('due_ms')])
        .where('m.id', 'in', messageIds)
        .where('m.sender', '=', 'Application'),
    )
    .execute();
}

/** Due auto-replies whose due time has come on their sandbox's clock at real time `nowMs`. */
function isDue(nowMs: number) {
  return sql<boolean>`due_ms <= (select ${sandboxNowMsSql('sb', nowMs)} from enterprises e inner join sandboxes sb on sb.id = e.sandbox_id where e.id = due_auto_replies.enterprise_id)`;
}

/**
 * Deletes the auto-replies due at `nowMs` (on their sandbox's clock) and returns them: a row is returned to one transaction only, whichever
 * process runs it, so each reply is sent once.
 */
export async function claimDueAutoReplies(db: Kysely<Database>, nowMs: number): Promise<DueAutoReply[]> {
  const rows = await db
    .deleteFrom('due_auto_replies')
    .where(isDue(nowMs))
    .returning(['message_thread_id', 'enterprise_id', 'text'])
    .execute();
  return rows.map((row) => ({ messageThreadId: row.message_thread_id, enterpriseId: row.enterprise_id, text: row.text }));
}

/** Whether an auto-reply is due at `nowMs`: a read, so that a poll that finds none writes nothing. */
export async function hasDueAutoReplies(db: Kysely<Database>, nowMs: number): Promise<boolean> {
  return (await db.selectFrom('due_auto_replies').select('message_id').where(isDue(nowMs)).limit(1).executeTakeFirst()) !== undefined;
}
