import type { Kysely, Migration } from 'kysely';
import type { DialectAdapter } from '../dialect/dialect-adapter.ts';

/**
 * Staff work on threads together: who wrote each staff message, who a thread is assigned to, and the enterprise's
 * quick replies. Only new columns and a new table, so it runs after any other migration of the same day.
 */
export function assignmentAndQuickReplies(dialect: DialectAdapter): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // The author of an `Enterprise` message as they were then: kept, name included, when they are removed later.
      // No foreign key, so that removing a staff member leaves the record of what they wrote as it was.
      await db.schema.alterTable('messages').addColumn('author_staff_id', 'text').execute();
      await db.schema.alterTable('messages').addColumn('author_name', 'text').execute();

      // Removing a staff member unassigns their threads: the database sees to it, whoever removes them.
      await db.schema
        .alterTable('message_threads')
        .addColumn('assigned_staff_id', 'text', (c) => c.references('staff.id').onDelete('set null'))
        .execute();
      // The "Mine" list by latest activity, and the foreign key's lookups when a staff member is removed.
      await db.schema
        .createIndex('message_threads_by_assignee_updated')
        .on('message_threads')
        .columns(['assigned_staff_id', 'updated_utc', 'seq'])
        .execute();

      await db.schema
        .createTable('quick_replies')
        .$call((table) => dialect.serialKey(table, 'seq'))
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('enterprise_id', 'text', (c) => c.notNull().references('enterprises.id'))
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('created_utc', dialect.int64Type, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('quick_replies_by_enterprise').on('quick_replies').columns(['enterprise_id', 'seq']).execute();
    },
  };
}
