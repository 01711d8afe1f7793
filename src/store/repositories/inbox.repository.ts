import { sql, type Kysely } from 'kysely';
import type { EnterpriseStore, InboxThreadQuery, InboxThreadRecord } from '../../domain/enterprise-store.ts';
import { toFlag, type Database } from '../database.ts';
import { toMessage, toStaffRef } from './message.repository.ts';
import { toMessageThread, visibleMessageThreads } from './message-thread.repository.ts';
import { keysetPage } from './page-query.ts';

/** `%text%` for LIKE, with LIKE's own wildcards in the text taken literally (escaped with a backslash). */
function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The inbox's page of threads, and each staff member's read marks (one statement each). */
export function inboxRepository(db: Kysely<Database>): Pick<EnterpriseStore, 'listInboxThreads' | 'markThreadRead'> {
  return {
    /** Threads by latest activity, keyset (updated_utc, seq) descending, with each one's newest message and read mark. */
    async listInboxThreads(q: InboxThreadQuery): Promise<InboxThreadRecord[] | undefined> {
      const visible = visibleMessageThreads(db, q.visibility);
      const pattern = q.search === null ? null : containsPattern(q.search);
      const items = visible
        .innerJoin('applications as a', 'a.id', 't.application_id')
        .leftJoin('staff_thread_reads as r', (join) => join.onRef('r.message_thread_id', '=', 't.id').on('r.staff_id', '=', q.staffId))
        .leftJoin('messages as m', (join) =>
          join.on(sql<boolean>`m.seq = (select max(latest.seq) from messages latest where latest.message_thread_id = t.id)`),
        )
        .leftJoin('staff as assignee', 'assignee.id', 't.assigned_staff_id')
        .selectAll('t')
        .select([
          'a.name as application_name',
          'assignee.name as assignee_name',
          'r.read_message_seq',
          'm.id as m_id',
          'm.text as m_text',
          'm.sender as m_sender',
          'm.created_utc as m_created_utc',
          'm.seq as m_seq',
          'm.author_staff_id as m_author_staff_id',
          'm.author_name as m_author_name',
        ])
        .$if(q.assignedStaffId !== undefined, (query) =>
          query.where('t.assigned_staff_id', q.assignedStaffId === null ? 'is' : '=', q.assignedStaffId!),
        )
        .$if(q.isResolved !== null, (query) => query.where('t.is_resolved', '=', toFlag(q.isResolved === true)))
        .$if(pattern !== null, (query) =>
          query.where((eb) =>
            eb.or([
              eb(sql`lower(t.original_sender)`, 'like', sql`${pattern} escape '\\'`),
              eb(sql`lower(t.subject)`, 'like', sql`${pattern} escape '\\'`),
            ]),
          ),
        );
      const rows = await keysetPage({ positions: visible, items, keys: ['updated_utc', 'seq'], table: 't', cursor: q.cursor, count: q.count });
      return rows?.map((row) => ({
        ...toMessageThread(row),
        integrationName: row.application_name,
        assignee: toStaffRef(row.assigned_staff_id, row.assignee_name),
        lastMessage:
          row.m_id === null
            ? null
            : toMessage({
                seq: row.m_seq!,
                id: row.m_id,
                message_thread_id: row.id,
                text: row.m_text!,
                sender: row.m_sender!,
                created_utc: row.m_created_utc!,
                author_staff_id: row.m_author_staff_id,
                author_name: row.m_author_name,
              }),
        lastMessagePosition: row.m_seq === null ? null : Number(row.m_seq),
        readPosition: row.read_message_seq === null ? null : Number(row.read_message_seq),
      }));
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
