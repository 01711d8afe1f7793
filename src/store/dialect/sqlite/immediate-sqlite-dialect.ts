import { CompiledQuery, SqliteAdapter, SqliteDialect, type DialectAdapter, type Driver, type SqliteDialectConfig } from 'kysely';

export interface ImmediateSqliteDialectConfig extends SqliteDialectConfig {
  /** Whether the connection is inside a transaction (better-sqlite3's `inTransaction`). */
  readonly inTransaction: () => boolean;
}

/**
 * SQLite with transactions that take the write lock when they begin (`BEGIN IMMEDIATE`). Several server processes
 * (WORKERS) may share one file: a deferred transaction that read first and then writes after another process committed
 * fails at once with SQLITE_BUSY, whereas one that waits for the lock at its start is served by `busy_timeout`.
 *
 * Migrations run in one such transaction too: SQLite's DDL is transactional, though Kysely's adapter does not say so.
 * Processes that start together on one file then migrate one after the other, each reading which migrations ran once
 * it holds the lock, instead of racing to create the same table or column.
 *
 * A rollback after SQLite rolled the transaction back itself (as it may on a full disk or an I/O error,
 * https://sqlite.org/lang_transaction.html) does nothing, so that the error that caused it is the one reported.
 */
export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #inTransaction: () => boolean;

  constructor(config: ImmediateSqliteDialectConfig) {
    super(config);
    this.#inTransaction = config.inTransaction;
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }

  override createDriver(): Driver {
    const driver = super.createDriver();
    const rollback = driver.rollbackTransaction.bind(driver);
    driver.beginTransaction = async (connection) => {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    };
    driver.rollbackTransaction = async (connection) => {
      if (this.#inTransaction()) await rollback(connection);
    };
    return driver;
  }
}

class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}
