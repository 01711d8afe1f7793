import type { Kysely, Migration } from 'kysely';
import type { DialectAdapter } from '../dialect/dialect-adapter.ts';

/** Employees of an enterprise who sign in to the inbox; emails are stored lower-cased and unique. */
export function staff(dialect: DialectAdapter): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('staff')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('enterprise_id', 'text', (c) => c.notNull().references('enterprises.id'))
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('created_utc', dialect.int64Type, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('staff_by_enterprise').on('staff').column('enterprise_id').execute();
    },
  };
}
