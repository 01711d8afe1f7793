import type SQLite from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';
import { asUnavailable } from '../unavailable-storage.ts';
import { sqliteUnavailableReason } from './sqlite-unavailable.ts';

/** Distinct statements kept; queries with lists of varying length each have their own text, so the cache is bounded. */
const MAX_STATEMENTS = 500;

/** Runs `run`, throwing an error that means a full, read-only or failing disk as the domain's 503 error. */
function translated<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw asUnavailable(error, sqliteUnavailableReason);
  }
}

/** `statement` whose errors of a full, read-only or failing disk are the domain's `StorageUnavailableError`. */
function reportingUnavailable(statement: SQLite.Statement): SqliteStatement {
  return {
    reader: statement.reader,
    all: (parameters) => translated(() => statement.all(parameters as unknown[])),
    run: (parameters) => translated(() => statement.run(parameters as unknown[])),
    iterate: (parameters) => translated(() => statement.iterate(parameters as unknown[])),
  };
}

/**
 * A better-sqlite3 database whose statements are prepared once per SQL text and reused: Kysely asks to prepare every
 * query it runs, and preparing costs about as much as running a small query. Safe because SQLite re-prepares a reused
 * statement itself when the schema changes, and the single connection runs one statement at a time. Errors of a full,
 * read-only or failing disk come out as the domain's `StorageUnavailableError` (answered 503).
 */
export function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    close: () => sqlite.close(),
    prepare(sql) {
      let statement = statements.get(sql);
      if (!statement) {
        statement = reportingUnavailable(translated(() => sqlite.prepare(sql)));
        if (statements.size >= MAX_STATEMENTS) statements.delete(statements.keys().next().value!);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}
