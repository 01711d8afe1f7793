import type { Kysely, Migration } from 'kysely';
import type { DialectAdapter } from '../dialect/dialect-adapter.ts';

/**
 * Pages that never pass over a late commit without one application's inserts waiting for each other: where the engine
 * needs it (PostgreSQL), inserts of threads and messages mark their `seq` numbers unsettled until they end (see
 * `DialectAdapter.commitOrder`), replacing a per-application lock held to each commit.
 */
export function commitOrder(dialect: DialectAdapter): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await dialect.commitOrder?.create(db);
    },
  };
}
