import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from '../../database.ts';
import type { DialectAdapter } from '../dialect-adapter.ts';

export interface PostgresOptions {
  /** `postgres://…` or `postgresql://…`. */
  readonly url: string;
  /** Connections in the pool; 10 by default. */
  readonly poolSize?: number;
  /**
   * Told when an idle pooled connection fails (the database restarted, or ended the session). The pool drops that
   * connection and opens a new one for the next query; without a listener the error would end the process.
   */
  readonly onIdleConnectionError?: (error: Error) => void;
}

const INT8_OID = 20;

/** PostgreSQL over a pool of connections, each write a transaction of its own; `bigint` is read back as a number. */
export function openPostgres(options: PostgresOptions): DialectAdapter {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    // A request waits at most this long for a free connection, then fails rather than hangs.
    connectionTimeoutMillis: 10_000,
    types: { getTypeParser: (oid, format) => (oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format)) },
  });
  pool.on('error', (error) => options.onIdleConnectionError?.(error));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    int64Type: 'bigint',
    serialKey: (table, column) => table.addColumn(column, 'bigserial', (c) => c.primaryKey()),
    transact: (work) => db.transaction().execute(work),
    async lockInsertOrder(trx, owners) {
      // A transaction-scoped advisory lock per integration, released at commit. Taken in one order (sorted ids), so that
      // two transactions that need several never wait for each other in a cycle.
      const integrationIds = owners.length === 1 ? [owners[0]!.integrationId] : [...new Set(owners.map((o) => o.integrationId))].sort();
      for (const integrationId of integrationIds) {
        await sql`select pg_advisory_xact_lock(hashtext(${integrationId}))`.execute(trx);
      }
    },
    lockForClaim: (query) => query.forNoKeyUpdate().skipLocked(),
  };
}
