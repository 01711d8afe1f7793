import { sql, type Transaction } from 'kysely';
import type { Database } from './database.ts';
import type { DialectCapabilities } from './dialect.ts';

/**
 * Makes the inserts of one integration's threads and messages commit in the order of their `seq`, where the engine
 * does not do so by itself: a transaction-scoped advisory lock on the integration, taken before the insert draws its
 * `seq` and released at commit. Without it, a page read between two commits of different processes could pass over a
 * row that commits later with a smaller `seq`. Other integrations are not held up.
 */
export async function lockInsertOrder(
  trx: Transaction<Database>,
  capabilities: DialectCapabilities,
  integrationId: string,
): Promise<void> {
  if (!capabilities.needsInsertOrderLock) return;
  await sql`select pg_advisory_xact_lock(hashtext(${integrationId}))`.execute(trx);
}
