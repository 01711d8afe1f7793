import { Kysely, PostgresDialect } from 'kysely';
import type { Database } from '../../database.ts';
import type { DialectAdapter } from '../dialect-adapter.ts';
import { unavailableStorage } from '../unavailable-storage.ts';
import { postgresCommitOrder } from './commit-order.ts';
import { postgresMessageSearch } from './message-search.ts';
import { postgresUnavailableReason } from './postgres-unavailable.ts';

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
/** How long a request waits for a connection (a free one of the pool, or a new one to the server). */
const CONNECT_TIMEOUT_MS = 5000;
/** The server cancels a statement that runs longer (57014); a request then answers 503 rather than waiting on. */
const STATEMENT_TIMEOUT_MS = 10_000;
/** The client gives up on a server that sends nothing back at all (a hung host or network), a little later. */
const QUERY_TIMEOUT_MS = STATEMENT_TIMEOUT_MS + 2000;

/**
 * PostgreSQL over a pool of connections, each write a transaction of its own; `bigint` is read back as a number. No
 * request waits on the database for long: connecting, each statement and each answer have a time limit, and a database
 * that is down, restarting or too slow is the domain's `StorageUnavailableError` (503). Broken connections are dropped
 * and new ones opened on demand, so the pool recovers by itself when the database is back.
 */
export function openPostgres(options: PostgresOptions): DialectAdapter {
  // Kysely creates the pool on the first query: `pg` is loaded only then, so a server on SQLite never loads it.
  const pool = async () => {
    const { default: pg } = await import('pg');
    const created = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      statement_timeout: STATEMENT_TIMEOUT_MS,
      query_timeout: QUERY_TIMEOUT_MS,
      // TCP keep-alive notices a peer that vanished without closing the connection (a host down, a network cut).
      keepAlive: true,
      types: { getTypeParser: (oid, format) => (oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format)) },
    });
    created.on('error', (error) => options.onIdleConnectionError?.(error));
    // A connection that ends while checked out between two queries (inside a transaction) emits an error that no query
    // receives; without a listener it would end the process. Its next query fails, and answers the request with a 503.
    created.on('connect', (client) => client.on('error', () => {}));
    return created;
  };
  const db = new Kysely<Database>({ dialect: unavailableStorage(new PostgresDialect({ pool }), postgresUnavailableReason) });
  return {
    db,
    int64Type: 'bigint',
    lateralJoins: true,
    serialKey: (table, column) => table.addColumn(column, 'bigserial', (c) => c.primaryKey()),
    transact: (work) => db.transaction().execute(work),
    commitOrder: postgresCommitOrder,
    lockForClaim: (query) => query.forNoKeyUpdate().skipLocked(),
    lockRows: (query, mode) => (mode === 'shared' ? query.forKeyShare() : query.forUpdate()),
    messageSearch: postgresMessageSearch,
  };
}
