import { sql, type Kysely, type Selectable } from 'kysely';
import type { EnterpriseStore } from '../../domain/enterprise-store.ts';
import type { QuickReply } from '../../domain/quick-replies.ts';
import type { Database, QuickReplyTable } from '../database.ts';

function toQuickReply(row: Selectable<QuickReplyTable>): QuickReply {
  return { id: row.id, enterpriseId: row.enterprise_id, text: row.text, createdUtc: row.created_utc };
}

/** An enterprise's quick replies; every read and write names the enterprise, so none reaches another's. */
export function quickReplyRepository(
  db: Kysely<Database>,
): Pick<EnterpriseStore, 'listQuickReplies' | 'insertQuickReply' | 'updateQuickReply' | 'deleteQuickReply'> {
  const ofEnterprise = (enterpriseId: string) => db.selectFrom('quick_replies').where('enterprise_id', '=', enterpriseId);
  return {
    async listQuickReplies(enterpriseId) {
      const rows = await ofEnterprise(enterpriseId).selectAll().orderBy('seq').execute();
      return rows.map(toQuickReply);
    },
    /** The count and the insert in one statement: SQLite's single writer holds the limit exactly; concurrent PostgreSQL transactions may pass it by the few that count at once. */
    async insertQuickReply(reply, max) {
      const result = await db
        .insertInto('quick_replies')
        .columns(['id', 'enterprise_id', 'text', 'created_utc'])
        .expression(
          db
            .selectNoFrom([
              sql<string>`${reply.id}`.as('id'),
              sql<string>`${reply.enterpriseId}`.as('enterprise_id'),
              sql<string>`${reply.text}`.as('text'),
              sql<number>`${reply.createdUtc}`.as('created_utc'),
            ])
            .where(ofEnterprise(reply.enterpriseId).select((eb) => eb.fn.countAll().as('n')), '<', max),
        )
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async updateQuickReply(enterpriseId, id, text) {
      const row = await db
        .updateTable('quick_replies')
        .set({ text })
        .where('id', '=', id)
        .where('enterprise_id', '=', enterpriseId)
        .returningAll()
        .executeTakeFirst();
      return row && toQuickReply(row);
    },
    async deleteQuickReply(enterpriseId, id) {
      const result = await db.deleteFrom('quick_replies').where('id', '=', id).where('enterprise_id', '=', enterpriseId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
