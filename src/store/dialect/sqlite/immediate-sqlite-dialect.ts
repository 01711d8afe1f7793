import { CompiledQuery, SqliteDialect, type Driver } from 'kysely';

/**
 * SQLite with transactions that take the write lock when they begin (`BEGIN IMMEDIATE`). Several server processes
 * (WORKERS) may share one file: a deferred transaction that read first and then writes after another process committed
 * fails at once with SQLITE_BUSY, whereas one that waits for the lock at its start is served by `busy_timeout`.
 */
export class ImmediateSqliteDialect extends SqliteDialect {
  override createDriver(): Driver {
    const driver = super.createDriver();
    driver.beginTransaction = async (connection) => {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    };
    return driver;
  }
}
