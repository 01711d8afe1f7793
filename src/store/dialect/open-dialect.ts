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
 * Opens the database a URL names: `postgres://…` (or `postgresql://…`), `sqlite:PATH`, `sqlite::memory:`, or a bare
 * file path; each engine takes the options that concern it and ignores the others.
 */
export function openDialect(options: DatabaseOptions): DialectAdapter {
  if (/^postgres(ql)?:\/\//.test(options.url)) return openPostgres(options);
  return openSqlite({
    path: options.url.replace(/^sqlite:/, ''),
    synchronous: options.sqliteSynchronous,
    backgroundCheckpoints: options.backgroundCheckpoints,
  });
}
