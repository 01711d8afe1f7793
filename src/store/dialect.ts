import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database.ts';

/**
 * What differs between the engines, asked for by name so that shared code never branches on "if sqlite".
 */
export interface DialectCapabilities {
  readonly name: 'sqlite' | 'postgres';
  /** Column type of an auto-numbered primary key, and whether it needs the AUTOINCREMENT keyword to never reuse a number. */
  readonly serialType: 'integer' | 'bigserial';
  readonly serialNeedsAutoIncrement: boolean;
  /** Column type of a whole-second instant; PostgreSQL's int8 is read back as a number (see `INT8_OID`). */
  readonly instantType: 'integer' | 'bigint';
  /**
   * One writer at a time (SQLite): concurrent writes are committed together in one transaction (group commit) rather
   * than one by one. A pool of connections (PostgreSQL) commits each request's transaction on its own.
   */
  readonly singleWriter: boolean;
  /**
   * `SELECT … FOR NO KEY UPDATE SKIP LOCKED`: processes sharing the database take distinct rows of a work queue. Without
   * it (SQLite) one process writes at a time, and so one process delivers.
   */
  readonly skipLocked: boolean;
}

export interface DatabaseOptions {
  readonly url: string;
  /** SQLite only: NORMAL survives a killed process, FULL also a power loss. */
  readonly sqliteSynchronous?: 'NORMAL' | 'FULL';
  /** PostgreSQL only: connections in the pool. */
  readonly poolSize?: number;
}

export interface OpenedDatabase {
  readonly db: Kysely<Database>;
  readonly capabilities: DialectCapabilities;
}

const INT8_OID = 20;

/**
 * Opens the database a URL names: `postgres://…` (or `postgresql://…`), `sqlite:PATH`, `sqlite::memory:`, or a bare
 * file path. SQLite files are opened in WAL mode, and their folder is created when missing.
 */
export function openDatabase(options: DatabaseOptions): OpenedDatabase {
  if (/^postgres(ql)?:\/\//.test(options.url)) {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      types: { getTypeParser: (oid, format) => (oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format)) },
    });
    return {
      db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }),
      capabilities: {
        name: 'postgres',
        serialType: 'bigserial',
        serialNeedsAutoIncrement: false,
        instantType: 'bigint',
        singleWriter: false,
        skipLocked: true,
      },
    };
  }
  const path = options.url.replace(/^sqlite:/, '');
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${options.sqliteSynchronous ?? 'NORMAL'}`);
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  return {
    db: new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) }),
    capabilities: {
      name: 'sqlite',
      serialType: 'integer',
      serialNeedsAutoIncrement: true,
      instantType: 'integer',
      singleWriter: true,
      skipLocked: false,
    },
  };
}
