import { sql, type Transaction } from 'kysely';
import type { Database } from './database.ts';
import type { DialectCapabilities } from './dialect.ts';

/**
 * Makes the inserts of one integration's threads and messages commit in the order of their `seq`, where the engine
 * does not do so by itself: a transaction-scoped advisory lock per integration, taken before the insert draws its
 * `seq` and released at commit. Without it, a page read between two commits of different processes could pass over a
 * row that commits later with a smaller `seq`. Other integrations are not held up. Locks are taken in one order
 * (sorted ids), so that two transactions that need several never wait for each other in a cycle.
 */
export async function lockInsertOrder(
  trx: Transaction<Database>,
  capabilities: DialectCapabilities,
  integrationIds: readonly string[],
): Promise<void> {
  if (!capabilities.needsInsertOrderLock) return;
  for (const integrationId of [...new Set(integrationIds)].sort()) {
    await sql`select pg_advisory_xact_lock(hashtext(${integrationId}))`.execute(trx);
  }
}

/** `lockInsertOrder` for messages: the integrations that created their threads. */
export async function lockMessageInsertOrder(
  trx: Transaction<Database>,
  capabilities: DialectCapabilities,
  messageThreadIds: readonly string[],
): Promise<void> {
  if (!capabilities.needsInsertOrderLock || messageThreadIds.length === 0) return;
  const threads = await trx
    .selectFrom('message_threads')
    .select('integration_id')
    .distinct()
    .where('id', 'in', [...new Set(messageThreadIds)])
    .execute();
  await lockInsertOrder(trx, capabilities, threads.map((thread) => thread.integration_id));
}
