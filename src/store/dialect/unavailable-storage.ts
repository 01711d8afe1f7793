import type { DatabaseConnection, Dialect, Driver, QueryResult } from 'kysely';
import { StorageUnavailableError } from '../../domain/errors.ts';

/**
 * Tells whether an engine's error means that the database cannot serve for now (down, restarting, out of space,
 * read-only), and if so what to tell the client; undefined for any other error.
 */
export type UnavailableReason = (error: unknown) => string | undefined;

/** `error` as the domain's `StorageUnavailableError` when `reasonOf` recognises it, else unchanged: what to throw. */
export function asUnavailable(error: unknown, reasonOf: UnavailableReason): unknown {
  const reason = error instanceof StorageUnavailableError ? undefined : reasonOf(error);
  return reason === undefined ? error : new StorageUnavailableError(reason, { cause: error });
}

/**
 * `dialect` with every error its driver raises that `reasonOf` recognises turned into the domain's
 * `StorageUnavailableError` (answered 503 with `Retry-After`), whether it comes while taking a connection, beginning,
 * running a query, or committing.
 *
 * For a driver over a pool (PostgreSQL). SQLite's synchronous driver translates its statements' errors itself, where
 * they are raised (see `statement-cache.ts`), adding no turn of the event loop to a write.
 *
 * @example new Kysely({ dialect: unavailableStorage(new PostgresDialect({ pool }), postgresUnavailableReason) })
 */
export function unavailableStorage(dialect: Dialect, reasonOf: UnavailableReason): Dialect {
  const translated = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw asUnavailable(error, reasonOf);
    }
  };
  const connection = (inner: DatabaseConnection): DatabaseConnection => ({
    executeQuery: <R>(query: Parameters<DatabaseConnection['executeQuery']>[0]): Promise<QueryResult<R>> =>
      translated(() => inner.executeQuery<R>(query)),
    streamQuery: (query, chunkSize) => inner.streamQuery(query, chunkSize),
  });
  // Kysely hands the driver back the connection it acquired; the wrapper maps it back to the engine's own.
  const own = new WeakMap<DatabaseConnection, DatabaseConnection>();
  const inner = (wrapped: DatabaseConnection) => own.get(wrapped) ?? wrapped;
  return {
    createAdapter: () => dialect.createAdapter(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createDriver(): Driver {
      const driver = dialect.createDriver();
      return {
        init: () => translated(() => driver.init()),
        async acquireConnection() {
          const acquired = await translated(() => driver.acquireConnection());
          const wrapped = connection(acquired);
          own.set(wrapped, acquired);
          return wrapped;
        },
        beginTransaction: (c, settings) => translated(() => driver.beginTransaction(inner(c), settings)),
        commitTransaction: (c) => translated(() => driver.commitTransaction(inner(c))),
        rollbackTransaction: (c) => translated(() => driver.rollbackTransaction(inner(c))),
        ...(driver.savepoint && { savepoint: (c, name, compile) => translated(() => driver.savepoint!(inner(c), name, compile)) }),
        ...(driver.rollbackToSavepoint && {
          rollbackToSavepoint: (c, name, compile) => translated(() => driver.rollbackToSavepoint!(inner(c), name, compile)),
        }),
        ...(driver.releaseSavepoint && {
          releaseSavepoint: (c, name, compile) => translated(() => driver.releaseSavepoint!(inner(c), name, compile)),
        }),
        releaseConnection: (c) => driver.releaseConnection(inner(c)),
        destroy: () => driver.destroy(),
      };
    },
  };
}
