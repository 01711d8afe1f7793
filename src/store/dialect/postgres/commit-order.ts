import { sql, type Kysely } from 'kysely';
import type { Database } from '../../database.ts';
import type { DialectAdapter, SeqTable } from '../dialect-adapter.ts';

/** Each table's tag in the advisory lock keys (`2 × seq + tag`), so that both tables' floors share one key space. */
const TAGS: Record<SeqTable, number> = { message_threads: 0, messages: 1 };

/**
 * Commit order on PostgreSQL, without making writers wait for each other. A transaction's first draw from a table's
 * `seq` sequence (the column's default, so every insert does it, whoever writes) first takes a shared, transaction-
 * scoped advisory lock keyed by the sequence's value at that moment: a floor below all the numbers it will draw, seen
 * by every session in `pg_locks` until it commits or rolls back. Shared locks never conflict, so no insert waits.
 *
 * A page then reads the settled `seq`: the sequence's last value, lowered to the smallest floor still held. It reads
 * the sequence before the locks, and both before the page's own snapshot (a statement of its own), so every number at
 * or below it was drawn by a transaction that had ended by then: nothing committed later can appear at or below it.
 */
export const postgresCommitOrder: NonNullable<DialectAdapter['commitOrder']> = {
  async create(db: Kysely<unknown>) {
    await sql`
      create function connector_next_seq(sequence regclass, tag integer) returns bigint language plpgsql volatile as $$
      begin
        -- Once per transaction and sequence: a setting local to the transaction says the floor is taken.
        if current_setting('connector.seq_floor_' || tag, true) is distinct from 'taken' then
          perform pg_advisory_xact_lock_shared(coalesce(pg_sequence_last_value(sequence), 0) * 2 + tag);
          perform set_config('connector.seq_floor_' || tag, 'taken', true);
        end if;
        return nextval(sequence);
      end $$`.execute(db);
    await sql`
      create function connector_settled_seq(sequence regclass, tag integer) returns bigint language plpgsql volatile as $$
      declare
        drawn bigint := coalesce(pg_sequence_last_value(sequence), 0);
        floor bigint;
      begin
        -- Keys of this database's floors only: below 2^53 (other advisory locks, such as the migrations', are larger).
        select min(((l.classid::bigint << 32) | l.objid::bigint) / 2) into floor
        from pg_locks l
        where l.locktype = 'advisory' and l.objsubid = 1 and l.classid::bigint < 2097152 and l.objid::bigint % 2 = tag
          and l.database = (select oid from pg_database where datname = current_database());
        return least(drawn, floor);
      end $$`.execute(db);
    for (const [table, tag] of Object.entries(TAGS)) {
      const { rows } = await sql<{ name: string }>`select pg_get_serial_sequence(${table}, 'seq') as name`.execute(db);
      const sequence = rows[0]!.name;
      await sql`alter table ${sql.table(table)} alter column seq set default connector_next_seq(${sql.lit(sequence)}::regclass, ${sql.lit(tag)})`.execute(db);
    }
  },
  async settledSeq(db: Kysely<Database>, table: SeqTable) {
    const { rows } = await sql<{ seq: number }>`
      select connector_settled_seq(pg_get_serial_sequence(${table}, 'seq')::regclass, ${TAGS[table]}) as seq`.execute(db);
    return Number(rows[0]!.seq);
  },
};
