import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, type Driver } from 'kysely';
import pg from 'pg';
import type { Database } from './database.ts';
import { withStatementCache } from './statement-cache.ts';
import { startWalCheckpointer } from './wal-checkpointer.ts';

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
   * Concurrent transactions draw `seq` values in one order and may commit in another (PostgreSQL), so a page read
   * between two commits could pass over a row committed later with a smaller `seq`. Inserts that pages are keyed on
   * then take a per-integration transaction lock first (see `insert-order.ts`). A single writer commits in order.
   */
  readonly needsInsertOrderLock: boolean;
  /**
   * `SELECT … FOR NO KEY UPDATE SKIP LOCKED`: processes sharing the database take distinct rows of a work queue. Without
   * it (SQLite) every transaction holds the database's write lock from its start, which serializes them just as well.
   */
  readonly skipLocked: boolean;
}

export interface DatabaseOptions {
  readonly url: string;
  /** SQLite only: NORMAL survives a killed process, FULL also a power loss. */
  readonly sqliteSynchronous?: 'NORMAL' | 'FULL';
  /** PostgreSQL only: connections in the pool. */
  readonly poolSize?: number;
  /**
   * PostgreSQL only: told when an idle pooled connection fails (the database restarted, or ended the session). The pool
   * drops that connection and opens a new one for the next query; without a listener the error would end the process.
   */
  readonly onIdleConnectionError?: (error: Error) => void;
  /**
   * SQLite only: checkpoint the WAL from a worker thread (see `wal-checkpointer.ts`), told when one fails (the writer's
   * own checkpoint still runs). For the server; a short command does without the thread.
   */
  readonly backgroundCheckpoints?: { readonly onError: (error: Error) => void };
}

export interface OpenedDatabase {
  readonly db: Kysely<Database>;
  readonly capabilities: DialectCapabilities;
  /**
   * A number that changes whenever another connection (another process, or the CLI) commits to the database, read
   * synchronously without a round trip (SQLite's `data_version`): what this process keeps in memory is valid while it
   * stays the same. Absent where the engine has no such counter (PostgreSQL).
   */
  readonly externalChanges?: () => number;
}

const INT8_OID = 20;

/**
 * SQLite with transactions that take the write lock when they begin (`BEGIN IMMEDIATE`). Several server processes
 * (WORKERS) may share one file: a deferred transaction that read first and then writes after another process committed
 * fails at once with SQLITE_BUSY, whereas one that waits for the lock at its start is served by `busy_timeout`.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  override createDriver(): Driver {
    const driver = super.createDriver();
    driver.beginTransaction = async (connection) => {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    };
    return driver;
  }
}

/**
 * Opens the database a URL names: `postgres://…` (or `postgresql://…`), `sqlite:PATH`, `sqlite::memory:`, or a bare
 * file path. SQLite files are opened in WAL mode, and their folder is created when missing.
 */
export function openDatabase(options: DatabaseOptions): OpenedDatabase {
  if (/^postgres(ql)?:\/\//.test(options.url)) {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      // A request waits at most this long for a free connection, then fails rather than hangs.
      connectionTimeoutMillis: 10_000,
      types: { getTypeParser: (oid, format) => (oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format)) },
    });
    pool.on('error', (error) => options.onIdleConnectionError?.(error));
    return {
      db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }),
      capabilities: {
        name: 'postgres',
        serialType: 'bigserial',
        serialNeedsAutoIncrement: false,
        instantType: 'bigint',
        singleWriter: false,
        needsInsertOrderLock: true,
        skipLocked: true,
      },
    };
  }
  const path = options.url.replace(/^sqlite:/, '');
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  const synchronous = options.sqliteSynchronous ?? 'NORMAL';
  sqlite.pragma(`synchronous = ${synchronous}`);
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  // Each group-commit item runs in a savepoint, whose undo copy of every page it changes (the statement journal) would
  // otherwise be a temporary file: kept in memory, a write costs about a third less.
  sqlite.pragma('temp_store = MEMORY');
  const dataVersion = sqlite.prepare('pragma data_version').pluck();
  const checkpointer =
    options.backgroundCheckpoints && path !== ':memory:'
      ? startWalCheckpointer({ path, synchronous, onError: options.backgroundCheckpoints.onError })
      : undefined;
  const statements = withStatementCache(sqlite);
  const database = {
    prepare: statements.prepare,
    close() {
      checkpointer?.close();
      statements.close();
    },
  };
  return {
    db: new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database }) }),
    externalChanges: () => dataVersion.get() as number,
    capabilities: {
      name: 'sqlite',
      serialType: 'integer',
      serialNeedsAutoIncrement: true,
      instantType: 'integer',
      singleWriter: true,
      needsInsertOrderLock: false,
      skipLocked: false,
    },
  };
}
