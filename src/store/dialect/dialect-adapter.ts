import type { CreateTableBuilder, Expression, Kysely, SelectQueryBuilder, SqlBool, Transaction } from 'kysely';
import type { Database } from '../database.ts';

export type TransactionWork<T> = (trx: Transaction<Database>) => Promise<T>;

/** The tables whose `seq` orders pages of the Connector API. */
export type SeqTable = 'message_threads' | 'messages';

/**
 * One database engine as the store sees it: the Kysely instance over it, what differs between engines as flags, and
 * the engine's own way of doing what shared code asks for. Shared code asks the adapter and never names an engine;
 * `sqlite/sqlite-adapter.ts` and `postgres/postgres-adapter.ts` implement it, `open-dialect.ts` picks one by URL.
 *
 * Migration locking is not here: Kysely's `Migrator` takes it through Kysely's own adapter of the engine (an advisory
 * lock on PostgreSQL; on SQLite the migration transaction, `BEGIN IMMEDIATE`, holds the write lock), so several
 * processes may migrate at once.
 *
 * @example
 *   const dialect = openDialect({ url: 'sqlite::memory:' });
 *   await dialect.transact((trx) => trx.insertInto('message_threads').values(row).execute());
 */
export interface DialectAdapter {
  readonly db: Kysely<Database>;

  /**
   * Column type of a 64-bit integer: instants (seconds or milliseconds) and copies of a `seq`. PostgreSQL's `bigint`
   * is read back as a number (see `postgres-adapter.ts`); SQLite's `integer` is 64-bit already.
   */
  readonly int64Type: 'integer' | 'bigint';

  /** Whether queries may join laterally (`join lateral`: a subquery run once per row of what it joins). */
  readonly lateralJoins: boolean;

  /**
   * A number that changes whenever another connection (another process, or the CLI) commits to the database, read
   * synchronously without a round trip: what this process keeps in memory is valid while it stays the same. Absent
   * where the engine has no such counter (PostgreSQL); what would be cached is then read from the database each time.
   */
  readonly externalChanges?: () => number;

  /**
   * Adds `column` as an auto-numbered primary key whose numbers are never reused, so that it numbers rows in creation
   * order. For migrations.
   *
   * @example db.schema.createTable('messages').$call((table) => dialect.serialKey(table, 'seq'))
   */
  serialKey<TB extends string, C extends string, CN extends string>(
    table: CreateTableBuilder<TB, C>,
    column: CN,
  ): CreateTableBuilder<TB, C | CN>;

  /**
   * Runs `work` in a transaction and resolves once it is committed; a `work` that throws is rolled back, alone. On a
   * single writer (SQLite) writes that arrive together share one commit (group commit, see `sqlite/group-commit.ts`);
   * with a pool (PostgreSQL) each is a transaction of its own.
   */
  transact<T>(work: TransactionWork<T>): Promise<T>;

  /**
   * Where concurrent transactions draw `seq` in one order and commit in another (PostgreSQL), what keeps a page from
   * passing over a row that commits late with a smaller `seq`: `settledSeq` is the highest `seq` of `table` at or below
   * which every row is committed or never will be, and pages show no row above it. Writers do not wait for each other.
   * Absent on a single writer (SQLite), which commits in `seq` order.
   */
  readonly commitOrder?: {
    /** Makes every insert into the tables mark its numbers as unsettled until it ends. For migrations. */
    create(db: Kysely<unknown>): Promise<void>;
    /** Read in a statement of its own, before the page that it bounds. */
    settledSeq(db: Kysely<Database>, table: SeqTable): Promise<number>;
  };

  /**
   * `query` made to take the rows it reads of a work queue for this transaction, skipping those another process has
   * taken (PostgreSQL: `FOR NO KEY UPDATE SKIP LOCKED`), so that processes sharing the database take distinct work.
   * Unchanged on SQLite, where every transaction holds the database's write lock from its start, which serializes
   * them just as well.
   */
  lockForClaim<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>): SelectQueryBuilder<DB, TB, O>;

  /**
   * `query` made to lock the rows it reads until the transaction ends: `shared` keeps them from being deleted (or their
   * key changed) while any number of transactions hold them so; `exclusive` first waits for every transaction that
   * holds them either way, and keeps the others waiting (PostgreSQL: `FOR KEY SHARE`, `FOR UPDATE`). A shared lock
   * waited for reads the row as it is once the other transaction commits: none, when it deleted the row. Unchanged on
   * SQLite, where every transaction holds the database's write lock from its start.
   */
  lockRows<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>, mode: 'shared' | 'exclusive'): SelectQueryBuilder<DB, TB, O>;

  /**
   * The index of message text, for the inbox's search. One meaning on both engines: a message matches when its text
   * contains the searched text as it is (no operators, no wildcards), case-insensitively, and the searched text has at
   * least `MIN_MESSAGE_SEARCH_LENGTH` characters (shorter ones find no message: neither index can look them up).
   * SQLite: an FTS5 table with the trigram tokenizer over `messages`, kept in step by triggers; PostgreSQL: a pg_trgm
   * GIN index on `lower(text)`.
   */
  readonly messageSearch: {
    /** Creates the index over the messages stored so far and those to come. For migrations. */
    create(db: Kysely<unknown>): Promise<void>;
    /** Whether a message of the thread `threadId` (a column reference such as `t.id`) contains `text`. */
    threadHasMessageWith(threadId: string, text: string): Expression<SqlBool>;
  };
}
