import type { Kysely, Migration } from 'kysely';

/**
 * How a sandbox's webhooks misbehave on purpose (`webhookBehaviour/update`): one row per sandbox that has any, none for
 * the defaults. Flags are 0/1 on both engines; the probability is a double on both.
 */
export function webhookBehaviour(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('webhook_behaviours')
        .addColumn('sandbox_id', 'text', (c) => c.primaryKey().references('sandboxes.id'))
        .addColumn('lag_ms', 'integer', (c) => c.notNull())
        .addColumn('lag_jitter_ms', 'integer', (c) => c.notNull())
        .addColumn('fail_next_count', 'integer', (c) => c.notNull())
        .addColumn('fail_next_status', 'integer')
        .addColumn('fail_next_timeout', 'integer', (c) => c.notNull())
        .addColumn('duplicate_probability', 'double precision', (c) => c.notNull())
        .addColumn('reorder', 'integer', (c) => c.notNull())
        .execute();
    },
  };
}
