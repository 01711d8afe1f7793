import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { EnterpriseStore } from '../../domain/enterprise-store.ts';
import type { MessageThread, MessageThreadId } from '../../domain/model.ts';
import type { MessageThreadQuery, MessagingStore } from '../../domain/store.ts';
import type { MessageThreadVisibility } from '../../domain/tenancy.ts';
import type { TimeInterval, UtcSeconds } from '../../domain/time.ts';
import { toFlag, type Database, type MessageThreadTable } from '../database.ts';
import type { DialectAdapter } from '../dialect/dialect-adapter.ts';
import { reusableQuery } from '../reusable-query.ts';
import { createdBounds, keysetPage, lastSecondOf, withinInterval } from './page-query.ts';

export function toMessageThread(row: Selectable<MessageThreadTable>): MessageThread {
  return {
    id: row.id,
    enterpriseId: row.enterprise_id,
    applicationId: row.application_id,
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
    application_id: thread.applicationId,
    original_sender: thread.originalSender,
    subject: thread.subject,
    created_utc: thread.createdUtc,
    updated_utc: thread.updatedUtc,
    is_resolved: toFlag(thread.isResolved),
  });
}

/**
 * The threads a caller may see, as the start of a query over `message_threads as t`; with `ids`, only those of them.
 * Every read of threads starts here (the Connector API's pages and lookups, the messages' threads, the inbox's pages
 * and its single thread): the domain decides the visibility (`domain/tenancy.ts`), this is the only place that writes
 * it as SQL. Ids are the selective condition when given, so the visibility terms are then written as expressions no
 * engine looks up in an index: without statistics, SQLite would otherwise walk the application's whole creation index
 * rather than look up at most 1000 ids.
 */
export function visibleMessageThreads(
  db: Kysely<Database>,
  visibility: MessageThreadVisibility,
  ids?: readonly MessageThreadId[] | null,
) {
  const { applicationId, enterpriseIds } = visibility;
  const column = (name: 't.application_id' | 't.enterprise_id') =>
    ids ? sql<string>`(${sql.ref(name)} || '')` : sql.ref<string>(name);
  return db
    .selectFrom('message_threads as t')
    .$if(ids != null, (q) => q.where('t.id', 'in', ids!))
    .$if(applicationId !== undefined, (q) => q.where(column('t.application_id'), '=', applicationId!))
    .where(column('t.enterprise_id'), 'in', enterpriseIds);
}

/**
 * Below this many threads updated within an `UpdatedUtc` interval, a page finds them through the update index and
 * sorts them; from it on, it walks the creation index, among whose rows they are then dense enough. Either way alone
 * has a cliff: a poll for the last minutes' updates would walk every thread ever created, and a 3-month interval would
 * sort hundreds of thousands of threads for each page.
 */
const SORTED_UPDATES_LIMIT = 2000;

/**
 * Whether fewer than `SORTED_UPDATES_LIMIT` threads were updated within `interval`. For an application it counts its
 * threads in every enterprise, so that it reads the `(application_id, updated_utc)` index alone, never the table: a
 * count that only chooses the page's plan, not a read of threads, so it need not be narrowed to what the caller sees.
 */
async function hasFewUpdates(db: Kysely<Database>, visibility: MessageThreadVisibility, interval: TimeInterval): Promise<boolean> {
  const { applicationId, enterpriseIds } = visibility;
  const updated = db
    .selectFrom('message_threads')
    .select(sql<number>`1`.as('one'))
    .$if(applicationId !== undefined, (q) => q.where('application_id', '=', applicationId!))
    .$if(applicationId === undefined, (q) => q.where('enterprise_id', 'in', enterpriseIds))
    .where(withinInterval('updated_utc', interval))
    .limit(SORTED_UPDATES_LIMIT);
  const { count } = await db
    .selectFrom(updated.as('updated'))
    .select((eb) => eb.fn.countAll().as('count'))
    .executeTakeFirstOrThrow();
  return Number(count) < SORTED_UPDATES_LIMIT;
}

export async function findMessageThreadsById(
  db: Kysely<Database>,
  visibility: MessageThreadVisibility,
  ids: readonly MessageThreadId[],
): Promise<MessageThread[]> {
  const rows = await visibleMessageThreads(db, visibility, ids).selectAll().execute();
  return rows.map(toMessageThread);
}

/**
 * Threads that receive a message: updated at that time, and no longer resolved. Returns those of them that were
 * resolved until now, as the update found them (a concurrent resolve is waited for, never missed).
 */
export async function markMessageThreadsUpdated(
  db: Kysely<Database>,
  ids: readonly MessageThreadId[],
  updatedUtc: UtcSeconds,
): Promise<Pick<MessageThread, 'id' | 'enterpriseId'>[]> {
  const reopened = await db
    .updateTable('message_threads')
    .set({ is_resolved: 0 })
    .where('id', 'in', ids)
    .where('is_resolved', '=', 1)
    .returning(['id', 'enterprise_id'])
    .execute();
  await db.updateTable('message_threads').set({ updated_utc: updatedUtc }).where('id', 'in', ids).execute();
  return reopened.map((row) => ({ id: row.id, enterpriseId: row.enterprise_id }));
}

/** Sets IsResolved and UpdatedUtc; false (and nothing written) when the thread already had that state. */
export async function updateMessageThreadResolved(
  db: Kysely<Database>,
  change: { id: string; isResolved: boolean; updatedUtc: number },
): Promise<boolean> {
  const flag = toFlag(change.isResolved);
  const result = await db
    .updateTable('message_threads')
    .set({ is_resolved: flag, updated_utc: change.updatedUtc })
    .where('id', '=', change.id)
    .where('is_resolved', '!=', flag)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Sets who the thread is assigned to (null: nobody); false (and nothing written) when it already was. */
export async function updateMessageThreadAssignee(db: Kysely<Database>, change: { id: string; staffId: string | null }): Promise<boolean> {
  const result = await db
    .updateTable('message_threads')
    .set({ assigned_staff_id: change.staffId })
    .where('id', '=', change.id)
    .where((eb) => (change.staffId === null ? eb('assigned_staff_id', 'is not', null) : eb.or([eb('assigned_staff_id', 'is', null), eb('assigned_staff_id', '!=', change.staffId)])))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * The reads of threads: the Connector API's pages, and the enterprise side's single thread. With `commitOrder`, pages
 * show only settled threads.
 */
export function messageThreadRepository(
  db: Kysely<Database>,
  dialect: Partial<Pick<DialectAdapter, 'commitOrder'>> = {},
): Pick<MessagingStore, 'findMessageThreads'> & Pick<EnterpriseStore, 'findMessageThread'> {
  return {
    async findMessageThread(visibility: MessageThreadVisibility, id: MessageThreadId): Promise<MessageThread | undefined> {
      const [thread] = await findMessageThreadsById(db, visibility, [id]);
      return thread;
    },
    async findMessageThreads(query: MessageThreadQuery): Promise<MessageThread[] | undefined> {
      const { visibility, messageThreadIds, createdUtc, updatedUtc } = query;
      const created = createdBounds(createdUtc);
      // A thread is never updated before it is created, so an UpdatedUtc interval's end also bounds created_utc: the scan
      // of the creation-ordered index then starts there instead of at the newest thread.
      const through = updatedUtc === null ? created.through : Math.min(created.through ?? Infinity, lastSecondOf(updatedUtc));
      const sortUpdates = updatedUtc !== null && messageThreadIds === null && (await hasFewUpdates(db, visibility, updatedUtc));
      const settledSeq = await dialect.commitOrder?.settledSeq(db, 'message_threads');
      const rows = await keysetPage({
        positions: visibleMessageThreads(db, visibility),
        items: visibleMessageThreads(db, visibility, messageThreadIds)
          .selectAll()
          .$if(updatedUtc !== null, (q) => q.where(withinInterval('t.updated_utc', updatedUtc!))),
        keys: ['created_utc', 'seq'],
        table: 't',
        bounds: { from: created.from, through },
        indexed: !sortUpdates,
        settledSeq,
        cursor: query.cursor,
        count: query.count,
      });
      return rows?.map(toMessageThread);
    },
  };
}
