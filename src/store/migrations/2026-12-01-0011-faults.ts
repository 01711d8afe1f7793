import type { Kysely, Migration } from 'kysely';
import type { DialectAdapter } from '../dialect/dialect-adapter.ts';

/**
 * Fault injection of sandboxes: each fault a sandbox's Connector requests meet, numbered in creation order (`seq`, so
 * that the oldest matching one fires), with the counts every process shares: how many times it fired, and how many
 * probability draws it made. The index by sandbox is the one read a sandbox's request pays.
 */
export function faults(dialect: DialectAdapter): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('faults')
        .$call((table) => dialect.serialKey(table, 'seq'))
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('sandbox_id', 'text', (c) => c.notNull().references('sandboxes.id'))
        .addColumn('operation', 'text', (c) => c.notNull())
        .addColumn('access_token', 'text')
        .addColumn('status', 'integer')
        .addColumn('retry_after_s', 'integer')
        .addColumn('delay_ms', 'integer', (c) => c.notNull())
        .addColumn('drop_connection', 'integer', (c) => c.notNull())
        .addColumn('count', 'integer')
        .addColumn('probability', 'double precision', (c) => c.notNull())
        .addColumn('after_commit', 'integer', (c) => c.notNull())
        .addColumn('fired_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('drawn_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_utc', dialect.int64Type, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('faults_by_sandbox').on('faults').columns(['sandbox_id', 'seq']).execute();
    },
  };
}
