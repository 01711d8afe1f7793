import { parseDatabaseUrl } from '../../config/database-url.ts';
import type { DialectAdapter } from './dialect-adapter.ts';
import { openPostgres, type PostgresOptions } from './postgres/postgres-adapter.ts';
import { openSqlite, type SqliteOptions } from './sqlite/sqlite-adapter.ts';

export interface DatabaseOptions {
  readonly url: string;
  /** SQLite only: see `SqliteOptions.synchronous`. */
  readonly sqliteSynchronous?: SqliteOptions['synchronous'];
  /** SQLite only: see `SqliteOptions.backgroundCheckpoints`. */
  readonly backgroundCheckpoints?: SqliteOptions['backgroundCheckpoints'];
  /** PostgreSQL only: see `PostgresOptions.poolSize`. */
  readonly poolSize?: PostgresOptions['poolSize'];
  /** PostgreSQL only: see `PostgresOptions.onIdleConnectionError`. */
  readonly onIdleConnectionError?: PostgresOptions['onIdleConnectionError'];
}

/**
 * Opens the database a URL names (see `parseDatabaseUrl`: another scheme throws); each engine takes the options that
 * concern it and ignores the others.
 */
export function openDialect(options: DatabaseOptions): DialectAdapter {
  const location = parseDatabaseUrl(options.url);
  if (location.engine === 'postgres') return openPostgres(options);
  return openSqlite({
    path: location.path,
    synchronous: options.sqliteSynchronous,
    backgroundCheckpoints: options.backgroundCheckpoints,
  });
}
