import type { Kysely, Migration } from 'kysely';
import type { DialectAdapter } from '../dialect/dialect-adapter.ts';

/**
 * The inbox at a hotel's volume: an index of message text for its search (each engine's own, see
 * `DialectAdapter.messageSearch`), and one of threads by state for the count of each filter.
 */
export function messageSearch(dialect: DialectAdapter): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await dialect.messageSearch.create(db);
      // An enterprise's open and resolved threads are counted from this index alone (one grouped count).
      await db.schema
        .createIndex('message_threads_by_enterprise_resolved')
        .on('message_threads')
        .columns(['enterprise_id', 'is_resolved'])
        .execute();
    },
  };
}
