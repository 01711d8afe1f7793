import type { Kysely, Migration } from 'kysely';
import type { DialectAdapter } from '../dialect/dialect-adapter.ts';

/**
 * Auto-replies of sandboxes: each sandbox's standing replies (`auto_replies`), and the replies due to guest messages
 * (`due_auto_replies`), one per guest message and auto-reply, written in the guest message's own transaction so that
 * none is lost on a crash, and deleted by the process that sends it.
 */
export function autoReplies(dialect: DialectAdapter): Migration {
  const instant = dialect.int64Type;
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('auto_replies')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('sandbox_id', 'text', (c) => c.notNull().references('sandboxes.id'))
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('delay_ms', 'integer', (c) => c.notNull())
        .addColumn('created_utc', instant, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('auto_replies_by_sandbox').on('auto_replies').column('sandbox_id').execute();
      await db.schema
        .createTable('due_auto_replies')
        .addColumn('message_id', 'text', (c) => c.notNull())
        .addColumn('auto_reply_id', 'text', (c) => c.notNull())
        .addColumn('message_thread_id', 'text', (c) => c.notNull())
        .addColumn('enterprise_id', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('due_ms', instant, (c) => c.notNull())
        .addPrimaryKeyConstraint('due_auto_replies_pk', ['message_id', 'auto_reply_id'])
        .execute();
      await db.schema.createIndex('due_auto_replies_by_due').on('due_auto_replies').column('due_ms').execute();
      await db.schema.createIndex('due_auto_replies_by_enterprise').on('due_auto_replies').column('enterprise_id').execute();
    },
  };
}
