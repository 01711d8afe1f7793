import type { Kysely, Migration } from 'kysely';
import type { DialectAdapter } from '../dialect/dialect-adapter.ts';

/**
 * The request journal of sandboxes: each Connector API request of a sandbox's tokens with its answer, secrets masked.
 * No foreign key to `sandboxes`: entries are written in batches after their requests, and one of a sandbox removed
 * meanwhile is left to the retention rather than failing the batch. Read per sandbox newest first (`seq`), pruned by
 * age (`created_ms`).
 */
export function requestJournal(dialect: DialectAdapter): Migration {
  const instant = dialect.int64Type;
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('request_journal')
        .$call((table) => dialect.serialKey(table, 'seq'))
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('sandbox_id', 'text', (c) => c.notNull())
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('operation', 'text', (c) => c.notNull())
        .addColumn('status', 'integer', (c) => c.notNull())
        .addColumn('duration_ms', 'double precision', (c) => c.notNull())
        .addColumn('request_id', 'text', (c) => c.notNull())
        .addColumn('created_ms', instant, (c) => c.notNull())
        .addColumn('request_body', 'text')
        .addColumn('response_body', 'text')
        .addColumn('fault_id', 'text')
        .execute();
      await db.schema.createIndex('request_journal_by_sandbox').on('request_journal').columns(['sandbox_id', 'seq']).execute();
      await db.schema.createIndex('request_journal_by_age').on('request_journal').column('created_ms').execute();
    },
  };
}
