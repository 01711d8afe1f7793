import { sql, type Insertable, type Kysely } from 'kysely';
import type { Activity, NewActivity } from '../../domain/activity.ts';
import type { EnterpriseStore } from '../../domain/enterprise-store.ts';
import type { ActivityFeedTable, Database } from '../database.ts';
import { reusableQuery } from '../reusable-query.ts';
import { sandboxNowMsSql } from './sandbox-clock.repository.ts';

const toRow = (activity: NewActivity): Insertable<ActivityFeedTable> => ({
  enterprise_id: activity.enterpriseId,
  discriminator: activity.discriminator,
  message_thread_id: activity.messageThreadId,
  message_id: activity.messageId,
  created_utc: activity.createdUtc,
});

/** Compiled once per transaction: a group commit records the activity of many new threads in one. */
const insertRow = reusableQuery((db: Kysely<Database>, row: Insertable<ActivityFeedTable>) => db.insertInto('activity_feed').values(row));

/**
 * Records activities in their order, in one statement. Called inside the transaction of the change they tell of, so
 * that the feed has an entry exactly when the change is committed.
 */
export async function insertActivities(db: Kysely<Database>, activities: readonly NewActivity[]): Promise<void> {
  if (activities.length === 0) return;
  if (activities.length === 1) await insertRow(db, toRow(activities[0]!));
  else await db.insertInto('activity_feed').values(activities.map(toRow)).execute();
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
    /**
     * Forgets entries older than `beforeUtc`: live clients only ever need the last few seconds. A sandbox's entries
     * are stamped by its clock, so theirs is `beforeUtc` moved as far as that clock is from real time.
     */
    async pruneActivity(beforeUtc: number): Promise<void> {
      const realMs = Date.now();
      const shiftS = sql<number>`(select (${sandboxNowMsSql('sb', realMs)} - ${sql.lit(realMs)}) / 1000 from enterprises e inner join sandboxes sb on sb.id = e.sandbox_id where e.id = activity_feed.enterprise_id)`;
      await db
        .deleteFrom('activity_feed')
        .where(sql<boolean>`created_utc < ${sql.lit(Math.trunc(beforeUtc))} + coalesce(${shiftS}, 0)`)
        .execute();
    },
  };
}
