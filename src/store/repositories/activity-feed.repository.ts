import type { Kysely } from 'kysely';
import type { Activity, ActivityDiscriminator } from '../../domain/activity.ts';
import type { EnterpriseStore } from '../../domain/enterprise-store.ts';
import type { Message } from '../../domain/model.ts';
import type { Database } from '../database.ts';
import { reusableQuery } from '../reusable-query.ts';

interface ThreadActivity {
  discriminator: ActivityDiscriminator;
  messageThreadId: string;
  messageId: string | null;
  createdUtc: number;
}

/** Compiled once per transaction: a group commit records the activity of many new threads in one. */
const threadActivityRow = reusableQuery((db: Kysely<Database>, activity: ThreadActivity) =>
  db
    .insertInto('activity_feed')
    .columns(['enterprise_id', 'discriminator', 'message_thread_id', 'message_id', 'created_utc'])
    .expression((eb) =>
      eb
        .selectFrom('message_threads')
        .select([
          'enterprise_id',
          eb.val(activity.discriminator).as('discriminator'),
          'id',
          eb.val(activity.messageId).as('message_id'),
          eb.val(activity.createdUtc).as('created_utc'),
        ])
        .where('id', '=', activity.messageThreadId),
    ),
);

/**
 * Records an activity of a thread, taking the enterprise from the thread itself. Called inside the transaction of the
 * change it records, so that the feed has an entry exactly when the change is committed.
 */
export async function insertThreadActivity(db: Kysely<Database>, activity: ThreadActivity): Promise<void> {
  await threadActivityRow(db, activity);
}

/** Records a `MessageAdded` activity for each message, in their order, in one statement. */
export async function insertMessageActivities(db: Kysely<Database>, messages: readonly Message[]): Promise<void> {
  if (messages.length === 0) return;
  await db
    .insertInto('activity_feed')
    .columns(['enterprise_id', 'discriminator', 'message_thread_id', 'message_id', 'created_utc'])
    .expression((eb) =>
      eb
        .selectFrom('messages as m')
        .innerJoin('message_threads as t', 't.id', 'm.message_thread_id')
        .select(['t.enterprise_id', eb.val('MessageAdded').as('discriminator'), 'm.message_thread_id', 'm.id', 'm.created_utc'])
        .where('m.id', 'in', messages.map((message) => message.id))
        .orderBy('m.seq'),
    )
    .execute();
}

/** What the live event streams read of the feed. */
export function activityFeedRepository(db: Kysely<Database>): Pick<EnterpriseStore, 'latestActivitySeq' | 'readActivity' | 'pruneActivity'> {
  return {
    async latestActivitySeq(): Promise<number> {
      const row = await db.selectFrom('activity_feed').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
      return Number(row?.seq ?? 0);
    },
    /** Entries after `afterSeq`, plus the listed ones, oldest first. */
    async readActivity(afterSeq: number, alsoSeqs: readonly number[], limit: number): Promise<Activity[]> {
      const rows = await db
        .selectFrom('activity_feed')
        .selectAll()
        .where((eb) => (alsoSeqs.length > 0 ? eb.or([eb('seq', '>', afterSeq), eb('seq', 'in', alsoSeqs)]) : eb('seq', '>', afterSeq)))
        .orderBy('seq')
        .limit(limit)
        .execute();
      return rows.map((row) => ({
        seq: Number(row.seq),
        enterpriseId: row.enterprise_id,
        discriminator: row.discriminator,
        messageThreadId: row.message_thread_id,
        messageId: row.message_id,
        createdUtc: row.created_utc,
      }));
    },
    /** Forgets entries older than `beforeUtc`: live clients only ever need the last few seconds. */
    async pruneActivity(beforeUtc: number): Promise<void> {
      await db.deleteFrom('activity_feed').where('created_utc', '<', beforeUtc).execute();
    },
  };
}
