import type { Kysely, Migration } from 'kysely';
import type { DialectAdapter } from '../dialect/dialect-adapter.ts';

/**
 * The enterprise side: staff sessions (only a hash of each token is kept, so a copy of the database opens no
 * session), what each staff member has read, and the activity feed that every server process polls to push live
 * events to its inbox clients.
 */
export function enterpriseSide(dialect: DialectAdapter): Migration {
  const instant = dialect.int64Type;
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('staff_sessions')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('staff_id', 'text', (c) => c.notNull().references('staff.id').onDelete('cascade'))
        .addColumn('created_utc', instant, (c) => c.notNull())
        .addColumn('expires_utc', instant, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('staff_sessions_by_staff').on('staff_sessions').column('staff_id').execute();

      await db.schema
        .createTable('staff_thread_reads')
        .addColumn('staff_id', 'text', (c) => c.notNull().references('staff.id').onDelete('cascade'))
        .addColumn('message_thread_id', 'text', (c) => c.notNull().references('message_threads.id'))
        // The `seq` of the newest message the staff member has seen in the thread; 0 when it had none.
        .addColumn('read_message_seq', instant, (c) => c.notNull())
        .addPrimaryKeyConstraint('staff_thread_reads_pk', ['staff_id', 'message_thread_id'])
        .execute();

      await db.schema
        .createTable('activity_feed')
        .$call((table) => dialect.serialKey(table, 'seq'))
        .addColumn('enterprise_id', 'text', (c) => c.notNull())
        .addColumn('discriminator', 'text', (c) => c.notNull())
        .addColumn('message_thread_id', 'text', (c) => c.notNull())
        .addColumn('message_id', 'text')
        .addColumn('created_utc', instant, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('activity_feed_by_enterprise').on('activity_feed').columns(['enterprise_id', 'seq']).execute();
      await db.schema.createIndex('activity_feed_by_created').on('activity_feed').column('created_utc').execute();

      // The inbox lists an enterprise's threads by latest activity: the keyset (updated_utc, seq).
      await db.schema
        .createIndex('message_threads_by_enterprise_updated')
        .on('message_threads')
        .columns(['enterprise_id', 'updated_utc', 'seq'])
        .execute();
    },
  };
}
