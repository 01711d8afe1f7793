import type { Kysely, Migration } from 'kysely';
import type { DialectAdapter } from '../dialect/dialect-adapter.ts';

/**
 * A clock per sandbox and the counter its seeded ids are drawn from. The clock is stored as how it was set, not as an
 * instant, so that every process reads the same time from it: `clock_offset_s` (seconds added to real time) or
 * `clock_frozen_utc` (a frozen instant), both null for real time; `clock_floor_utc` is the sandbox's newest data when
 * the clock was last set, which its time never reads earlier than. `id_seed` is the seed ids are drawn from, and
 * `id_counter` counts those drawn. `id_seed` is one sandbox's only, as the ids drawn from it are the same in every
 * sandbox that has it; it is a column of its own, null in sandboxes made before, which may share a `seed`.
 */
export function sandboxClock(dialect: DialectAdapter): Migration {
  const instant = dialect.int64Type;
  return {
    async up(db: Kysely<any>) {
      for (const column of ['clock_offset_s', 'clock_frozen_utc', 'clock_floor_utc']) {
        await db.schema.alterTable('sandboxes').addColumn(column, instant).execute();
      }
      await db.schema.alterTable('sandboxes').addColumn('id_counter', instant, (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.alterTable('sandboxes').addColumn('id_seed', 'text').execute();
      await db.schema.createIndex('sandboxes_by_id_seed').on('sandboxes').column('id_seed').unique().execute();
    },
  };
}
