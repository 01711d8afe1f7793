import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { AdminReader, AdminWriter } from '../../domain/admin-store.ts';
import type { SandboxId } from '../../domain/model.ts';
import { idsFor, REAL_TIME, type SandboxClock, type SandboxContext } from '../../domain/sandbox-clock.ts';
import type { Database } from '../database.ts';

/** The columns of a sandbox a write in it needs, selected beside another lookup's under these names (`sb`: sandboxes). */
export const SANDBOX_CONTEXT_COLUMNS = [
  'sb.id as sb_id',
  'sb.id_seed as sb_seed',
  'sb.clock_offset_s as sb_clock_offset_s',
  'sb.clock_frozen_utc as sb_clock_frozen_utc',
  'sb.clock_floor_utc as sb_clock_floor_utc',
] as const;

interface SandboxContextRow {
  sb_id: string | null;
  sb_seed: string | null;
  sb_clock_offset_s: number | null;
  sb_clock_frozen_utc: number | null;
  sb_clock_floor_utc: number | null;
}

function toClock(row: { clock_offset_s: number | null; clock_frozen_utc: number | null; clock_floor_utc: number | null }): SandboxClock {
  const number = (value: number | null) => (value === null ? null : Number(value));
  return { offsetS: number(row.clock_offset_s), frozenUtc: number(row.clock_frozen_utc), floorUtc: number(row.clock_floor_utc) };
}

/** The sandbox of a row that left-joined `sandboxes as sb`; null outside sandboxes. */
export function toSandboxContext(row: SandboxContextRow): SandboxContext | null {
  if (row.sb_id === null) return null;
  return {
    id: row.sb_id,
    seed: row.sb_seed,
    clock: toClock({ clock_offset_s: row.sb_clock_offset_s, clock_frozen_utc: row.sb_clock_frozen_utc, clock_floor_utc: row.sb_clock_floor_utc }),
  };
}

/**
 * `clockNowMs` in SQL, of the sandbox `sb` (a table alias) at real time `realMs`, for statements that meet many
 * sandboxes at once: the same arithmetic, in CASE rather than max(), which the two engines spell differently.
 */
export function sandboxNowMsSql(sb: string, realMs: number): RawBuilder<number> {
  const real = sql.lit(Math.trunc(realMs));
  const column = (name: string) => sql.ref(`${sb}.${name}`);
  const clock = sql`(case when ${column('clock_frozen_utc')} is not null then ${column('clock_frozen_utc')} * 1000 else ${real} + coalesce(${column('clock_offset_s')}, 0) * 1000 end)`;
  return sql<number>`(case when ${column('clock_floor_utc')} * 1000 > ${clock} then ${column('clock_floor_utc')} * 1000 else ${clock} end)`;
}

/** The sandbox an enterprise belongs to, or null (an operator's own enterprise, or none). */
export async function findSandboxOfEnterprise(db: Kysely<Database>, enterpriseId: string): Promise<SandboxContext | null> {
  const row = await db
    .selectFrom('enterprises as e')
    .innerJoin('sandboxes as sb', 'sb.id', 'e.sandbox_id')
    .select(SANDBOX_CONTEXT_COLUMNS)
    .where('e.id', '=', enterpriseId)
    .executeTakeFirst();
  return row ? toSandboxContext(row) : null;
}

/**
 * `count` ids for rows of a write in `sandbox`: with a seed, drawn from it by advancing the sandbox's counter in the
 * write's own transaction (an update, so that concurrent writes take turns); random otherwise.
 */
export async function drawIds(db: Kysely<Database>, sandbox: SandboxContext | null | undefined, count: number): Promise<string[]> {
  if (!sandbox?.seed || count === 0) return idsFor(null, count, 0);
  const row = await db
    .updateTable('sandboxes')
    .set({ id_counter: sql`id_counter + ${sql.lit(count)}` })
    .where('id', '=', sandbox.id)
    .returning(['id_counter', 'id_seed'])
    .executeTakeFirst();
  // A sandbox removed meanwhile: its ids no longer need to repeat.
  if (!row?.id_seed) return idsFor(null, count, 0);
  return idsFor(row.id_seed, count, Number(row.id_counter));
}

/** The administration's reads of sandbox clocks. */
export function sandboxClockRepository(db: Kysely<Database>): Pick<AdminReader, 'findSandboxClock' | 'findSandboxNewestUtc'> {
  return {
    async findSandboxClock(id) {
      const row = await db
        .selectFrom('sandboxes')
        .select(['clock_offset_s', 'clock_frozen_utc', 'clock_floor_utc'])
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toClock(row);
    },
    async findSandboxNewestUtc(id) {
      const enterprises = db.selectFrom('enterprises').select('id').where('sandbox_id', '=', id);
      const threads = db.selectFrom('message_threads').select('id').where('enterprise_id', 'in', enterprises);
      const [thread, message] = await Promise.all([
        db.selectFrom('message_threads').select((eb) => eb.fn.max('created_utc').as('newest')).where('enterprise_id', 'in', enterprises).executeTakeFirst(),
        db.selectFrom('messages').select((eb) => eb.fn.max('created_utc').as('newest')).where('message_thread_id', 'in', threads).executeTakeFirst(),
      ]);
      const newest = [thread?.newest, message?.newest].filter((value) => value != null).map(Number);
      return newest.length === 0 ? null : Math.max(...newest);
    },
  };
}

/** The administration's writes of sandbox clocks, inside its transaction. */
export function sandboxClockWriter(db: Kysely<Database>): Pick<AdminWriter, 'updateSandboxClock'> {
  return {
    async updateSandboxClock(id: SandboxId, clock: SandboxClock) {
      await db
        .updateTable('sandboxes')
        .set({ clock_offset_s: clock.offsetS, clock_frozen_utc: clock.frozenUtc, clock_floor_utc: clock.floorUtc })
        .where('id', '=', id)
        .execute();
    },
  };
}

/** What `sandboxes/reset` does to the clock and the seed's counter: back to real time, and to the seed's first id. */
export async function resetSandboxClock(db: Kysely<Database>, id: SandboxId): Promise<void> {
  await sandboxClockWriter(db).updateSandboxClock(id, REAL_TIME);
  await db.updateTable('sandboxes').set({ id_counter: 0 }).where('id', '=', id).execute();
}
