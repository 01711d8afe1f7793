import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely } from 'kysely';
import type { Database } from '../../database.ts';
import type { DialectAdapter } from '../dialect-adapter.ts';
import { groupCommit } from './group-commit.ts';
import { ImmediateSqliteDialect } from './immediate-sqlite-dialect.ts';
import { sqliteMessageSearch } from './message-search.ts';
import { withStatementCache } from './statement-cache.ts';
import { walCheckpointer } from './wal-checkpointer.ts';

export interface SqliteOptions {
  /** A file path, or `:memory:`. */
  readonly path: string;
  /** NORMAL (the default) survives a killed process, FULL also a power loss. */
  readonly synchronous?: 'NORMAL' | 'FULL';
  /**
   * Checkpoint the WAL from a worker thread once writes come (see `wal-checkpointer.ts`), told when one fails (the
   * writer's own checkpoint still runs). For the server; a short command does without the thread.
   */
  readonly backgroundCheckpoints?: { readonly onError: (error: Error) => void };
}

/**
 * SQLite over one better-sqlite3 connection in WAL mode, its folder created when missing: one writer, whose
 * concurrent writes share a commit (group commit), with statements prepared once, and `data_version` telling of
 * other connections' commits. A full, read-only or failing disk is the domain's `StorageUnavailableError` (503).
 */
export function openSqlite(options: SqliteOptions): DialectAdapter {
  const { path } = options;
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  const synchronous = options.synchronous ?? 'NORMAL';
  sqlite.pragma(`synchronous = ${synchronous}`);
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  // Each group-commit item runs in a savepoint, whose undo copy of every page it changes (the statement journal) would
  // otherwise be a temporary file: kept in memory, a write costs about a third less.
  sqlite.pragma('temp_store = MEMORY');
  const dataVersion = sqlite.prepare('pragma data_version').pluck();
  const checkpointer =
    options.backgroundCheckpoints && path !== ':memory:'
      ? walCheckpointer({ path, synchronous, onError: options.backgroundCheckpoints.onError })
      : undefined;
  const statements = withStatementCache(sqlite);
  const database = {
    prepare: statements.prepare,
    close() {
      checkpointer?.close();
      statements.close();
    },
  };
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database, inTransaction: () => sqlite.inTransaction }) });
  const statement = (sql: string) => {
    const prepared = statements.prepare(sql);
    return () => void prepared.run([]);
  };
  const savepoint = {
    begin: statement('savepoint group_commit_item'),
    release: statement('release savepoint group_commit_item'),
    rollBack: statement('rollback to savepoint group_commit_item'),
  };
  // The checkpointer hears of each shared commit once, not of each write in it.
  const write = groupCommit(db, savepoint, checkpointer && ifRowsChanged(sqlite, () => checkpointer.committed()));
  return {
    db,
    int64Type: 'integer',
    lateralJoins: false,
    externalChanges: () => dataVersion.get() as number,
    // AUTOINCREMENT: without it SQLite may reuse the number of the last row once it is deleted.
    serialKey: (table, column) => table.addColumn(column, 'integer', (c) => c.primaryKey().autoIncrement()),
    transact: write,
    lockForClaim: (query) => query,
    lockRows: (query) => query,
    messageSearch: sqliteMessageSearch,
  };
}

/**
 * `then`, called only for a commit that changed rows since the last call (SQLite's `total_changes()` of the connection):
 * a commit that changed none, such as the start's pruning finding nothing to delete, added nothing to the log, and
 * should not start the checkpointer's thread (about 10 MiB resident) in a server that has nothing to checkpoint yet.
 */
function ifRowsChanged(sqlite: SQLite.Database, then: () => void): () => void {
  const changes = sqlite.prepare('select total_changes()').pluck();
  let seen = 0;
  return () => {
    const now = changes.get() as number;
    if (now === seen) return;
    seen = now;
    then();
  };
}
