import type SQLite from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/** Distinct statements kept; queries with lists of varying length each have their own text, so the cache is bounded. */
const MAX_STATEMENTS = 500;

/**
 * A better-sqlite3 database whose statements are prepared once per SQL text and reused: Kysely asks to prepare every
 * query it runs, and preparing costs about as much as running a small query. Safe because SQLite re-prepares a reused
 * statement itself when the schema changes, and the single connection runs one statement at a time.
 */
export function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql) {
      let statement = statements.get(sql);
      if (!statement) {
        statement = sqlite.prepare(sql);
        if (statements.size >= MAX_STATEMENTS) statements.delete(statements.keys().next().value!);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}
