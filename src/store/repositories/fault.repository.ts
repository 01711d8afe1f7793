import type { Kysely, Selectable } from 'kysely';
import type { Fault, FaultOperation, FaultStatus, FaultStore } from '../../domain/faults.ts';
import { toFlag, type Database, type FaultTable } from '../database.ts';

function toFault(row: Selectable<FaultTable>): Fault {
  return {
    id: row.id,
    sandboxId: row.sandbox_id,
    operation: row.operation as FaultOperation,
    accessToken: row.access_token,
    status: row.status as FaultStatus | null,
    retryAfterS: row.retry_after_s,
    delayMs: row.delay_ms,
    drop: row.drop_connection === 1,
    count: row.count,
    probability: Number(row.probability),
    afterCommit: row.after_commit === 1,
    firedCount: row.fired_count,
    createdUtc: Number(row.created_utc),
  };
}

/**
 * The faults of sandboxes. Each statement commits on its own: a firing is counted whether or not the request's work
 * commits, and the conditional update is what makes a fault with a `count` fire exactly that many times across
 * processes (on SQLite a write holds the database's lock; on PostgreSQL the row's lock makes a second update re-read
 * the `fired_count` the first committed).
 */
export function faultRepository(db: Kysely<Database>): FaultStore {
  return {
    async insertFault(fault) {
      await db
        .insertInto('faults')
        .values({
          id: fault.id,
          sandbox_id: fault.sandboxId,
          operation: fault.operation,
          access_token: fault.accessToken,
          status: fault.status,
          retry_after_s: fault.retryAfterS,
          delay_ms: fault.delayMs,
          drop_connection: toFlag(fault.drop),
          count: fault.count,
          probability: fault.probability,
          after_commit: toFlag(fault.afterCommit),
          created_utc: fault.createdUtc,
        })
        .execute();
    },
    async listFaults(sandboxId) {
      const rows = await db.selectFrom('faults').selectAll().where('sandbox_id', '=', sandboxId).orderBy('seq').execute();
      return rows.map(toFault);
    },
    async deleteFault(id) {
      const deleted = await db.deleteFrom('faults').where('id', '=', id).executeTakeFirst();
      return Number(deleted.numDeletedRows) > 0;
    },
    async findArmedFaults(sandboxId) {
      const rows = await db
        .selectFrom('faults as f')
        .innerJoin('sandboxes as s', 's.id', 'f.sandbox_id')
        .selectAll('f')
        .select('s.seed')
        .where('f.sandbox_id', '=', sandboxId)
        .where((eb) => eb.or([eb('f.count', 'is', null), eb('f.fired_count', '<', eb.ref('f.count'))]))
        .orderBy('f.seq')
        .execute();
      return { seed: rows[0]?.seed ?? null, faults: rows.map(toFault) };
    },
    async fireFault(id) {
      const fired = await db
        .updateTable('faults')
        .set((eb) => ({ fired_count: eb('fired_count', '+', 1) }))
        .where('id', '=', id)
        .where((eb) => eb.or([eb('count', 'is', null), eb('fired_count', '<', eb.ref('count'))]))
        .returning('fired_count')
        .executeTakeFirst();
      return fired !== undefined;
    },
    async drawFault(id) {
      const drawn = await db
        .updateTable('faults')
        .set((eb) => ({ drawn_count: eb('drawn_count', '+', 1) }))
        .where('id', '=', id)
        .returning('drawn_count')
        .executeTakeFirst();
      return drawn?.drawn_count;
    },
  };
}

/** Deletes a sandbox's faults: on its reset and its removal. */
export async function deleteSandboxFaults(db: Kysely<Database>, sandboxId: string): Promise<void> {
  await db.deleteFrom('faults').where('sandbox_id', '=', sandboxId).execute();
}
