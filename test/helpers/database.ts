import type { Kysely } from 'kysely';
import type { Database } from '../../src/store/database.ts';
import { openDialect } from '../../src/store/dialect/open-dialect.ts';

/**
 * A connection of the test's own to the database at `url`, for what no API shows (a stored hash, a raw row) or a change
 * made behind the server's back; the server sees its writes as another connection's. The caller destroys it.
 */
export function openTestDatabase(url: string): Kysely<Database> {
  return openDialect({ url }).db;
}
