import { sql, type Kysely } from 'kysely';
import type { EnterpriseStore, InboxThreadFilter, InboxThreadQuery, InboxThreadRecord } from '../../domain/enterprise-store.ts';
import { toFlag, type Database } from '../database.ts';
import type { DialectAdapter } from '../dialect/dialect-adapter.ts';
import { containsPattern } from '../like-pattern.ts';
import { toMessage, toStaffRef } from './message.repository.ts';
import { toMessageThread, visibleMessageThreads } from './message-thread.repository.ts';
import { keysetPage } from './page-query.ts';

/** The inbox's page of threads, their counts, and each staff member's read marks (one statement each). */
export function inboxRepository(
  db: Kysely<Database>,
  dialect: Pick<DialectAdapter, 'messageSearch'>,
): Pick<EnterpriseStore, 'listInboxThreads' | 'countInboxThreads' | 'markThreadRead'> {
  /** The visible threads the filter matches, in any state. */
  function matching({ visibility, search, assignedStaffId }: InboxThreadFilter) {
    const visible = visibleMessageThreads(db, visibility).$if(assignedStaffId !== undefined, (query) =>
      query.where('t.assigned_staff_id', assignedStaffId === null ? 'is' : '=', assignedStaffId!),
    );
    if (search === null) return visible;
    const pattern = containsPattern(search.text);
    return visible.where((eb) =>
      eb.or([
        eb(sql`lower(t.original_sender)`, 'like', sql`${pattern} escape '\\'`),
        eb(sql`lower(t.subject)`, 'like', sql`${pattern} escape '\\'`),
        ...(search.inMessages ? [dialect.messageSearch.threadHasMessageWith('t.id', search.text)] : []),
      ]),
    );
  }

  return {
    /**
     * Threads by latest activity, keyset (updated_utc, seq) descending, with each one's read mark and newest message.
     * The page names each thread's newest message, found in the thread's index of messages as `messages/getAll` finds
     * it, and a second statement reads those by key: joined in one statement, PostgreSQL may hash every message.
     */
    async listInboxThreads(q: InboxThreadQuery): Promise<InboxThreadRecord[] | undefined> {
      const visible = visibleMessageThreads(db, q.visibility);
      const items = matching(q)
        .innerJoin('applications as a', 'a.id', 't.application_id')
        .leftJoin('staff_thread_reads as r', (join) => join.onRef('r.message_thread_id', '=', 't.id').on('r.staff_id', '=', q.staffId))
        .leftJoin('staff as assignee', 'assignee.id', 't.assigned_staff_id')
        .selectAll('t')
        .select([
          'a.name as application_name',
          'assignee.name as assignee_name',
          'r.read_message_seq',
          sql<number | null>`(select latest.seq from messages latest where latest.message_thread_id = t.id
            order by latest.created_utc desc, latest.seq desc limit 1)`.as('last_message_seq'),
        ])
        .$if(q.isResolved !== null, (query) => query.where('t.is_resolved', '=', toFlag(q.isResolved === true)));
      const rows = await keysetPage({ positions: visible, items, keys: ['updated_utc', 'seq'], table: 't', cursor: q.cursor, count: q.count });
      if (!rows) return undefined;
      const lastSeqs = rows.flatMap((row) => (row.last_message_seq === null ? [] : [Number(row.last_message_seq)]));
      const lastMessages = lastSeqs.length === 0 ? [] : await db.selectFrom('messages').selectAll().where('seq', 'in', lastSeqs).execute();
      const bySeq = new Map(lastMessages.map((message) => [Number(message.seq), message]));
      return rows.map((row) => {
        const lastSeq = row.last_message_seq === null ? null : Number(row.last_message_seq);
        const last = lastSeq === null ? undefined : bySeq.get(lastSeq);
        return {
          ...toMessageThread(row),
          applicationName: row.application_name,
          assignee: toStaffRef(row.assigned_staff_id, row.assignee_name),
          lastMessage: last ? toMessage(last) : null,
          lastMessagePosition: lastSeq,
          readPosition: row.read_message_seq === null ? null : Number(row.read_message_seq),
        };
      });
    },
    async countInboxThreads(filter) {
      const rows = await matching(filter)
        .select(['t.is_resolved', (eb) => eb.fn.countAll<number | string>().as('count')])
        .groupBy('t.is_resolved')
        .execute();
      const count = (resolved: boolean) => Number(rows.find((row) => row.is_resolved === toFlag(resolved))?.count ?? 0);
      return { open: count(false), resolved: count(true) };
    },
    /** Moves the staff member's read mark forward to `upTo` (never back, should two reads cross). */
    async markThreadRead(staffId: string, messageThreadId: string, upTo: string | null): Promise<void> {
      const message = upTo ? await db.selectFrom('messages').select('seq').where('id', '=', upTo).executeTakeFirst() : undefined;
      const readSeq = Number(message?.seq ?? 0);
      await db
        .insertInto('staff_thread_reads')
        .values({ staff_id: staffId, message_thread_id: messageThreadId, read_message_seq: readSeq })
        .onConflict((oc) =>
          oc
            .columns(['staff_id', 'message_thread_id'])
            .doUpdateSet({ read_message_seq: readSeq })
            .where('staff_thread_reads.read_message_seq', '<', readSeq),
        )
        .execute();
    },
  };
}
