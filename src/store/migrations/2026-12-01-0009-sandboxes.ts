import type { Kysely, Migration } from 'kysely';
import type { DialectAdapter } from '../dialect/dialect-adapter.ts';

/**
 * Sandboxes on demand: a `sandboxes` row per isolated world, the enterprises and applications that belong to it
 * (`sandbox_id`, null for an operator's own tenants), and the generated staff passwords that `sandboxes/getAll` shows
 * again (sandbox credentials are test credentials, shown like its tokens; other staff passwords stay hashed only).
 * The indexes make a sandbox's removal find its rows without scanning the shared tables.
 */
export function sandboxes(dialect: DialectAdapter): Migration {
  const instant = dialect.int64Type;
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('sandboxes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('seed', 'text')
        // The application whose ClientToken, integrations and portfolio token the sandbox shows.
        .addColumn('application_id', 'text', (c) => c.notNull())
        .addColumn('portfolio_access_token_id', 'text')
        .addColumn('created_utc', instant, (c) => c.notNull())
        .addColumn('expires_utc', instant)
        .execute();
      await db.schema.createIndex('sandboxes_by_expiry').on('sandboxes').column('expires_utc').execute();
      for (const table of ['enterprises', 'applications']) {
        await db.schema.alterTable(table).addColumn('sandbox_id', 'text', (c) => c.references('sandboxes.id')).execute();
        await db.schema.createIndex(`${table}_by_sandbox`).on(table).column('sandbox_id').execute();
      }
      await db.schema
        .createTable('sandbox_staff')
        .addColumn('staff_id', 'text', (c) => c.primaryKey().references('staff.id').onDelete('cascade'))
        .addColumn('sandbox_id', 'text', (c) => c.notNull().references('sandboxes.id'))
        .addColumn('password', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sandbox_staff_by_sandbox').on('sandbox_staff').column('sandbox_id').execute();
      await db.schema.createIndex('webhook_events_by_application').on('webhook_events').column('application_id').execute();
    },
  };
}
