import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from '../../database.ts';
import type { TransactionWork } from '../dialect-adapter.ts';

interface Pending {
  readonly work: TransactionWork<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (reason: unknown) => void;
}

// Compiled once: they run around every write.
const SAVEPOINT = CompiledQuery.raw('savepoint group_commit_item');
const RELEASE = CompiledQuery.raw('release savepoint group_commit_item');
const ROLLBACK_TO = CompiledQuery.raw('rollback to savepoint group_commit_item');

/**
 * Group commit for a single-writer engine: writes that arrive while a commit is being prepared share one transaction,
 * and so one WAL append and (with synchronous=FULL) one fsync, instead of one each. Each write runs in a savepoint of
 * its own, so one that fails is rolled back alone; every caller is answered only after the shared commit, so no
 * response ever reports a write that is not durable.
 *
 * @example
 *   const write = groupCommit(db);
 *   await Promise.all([write((trx) => insertA(trx)), write((trx) => insertB(trx))]); // one commit
 */
export function groupCommit(db: Kysely<Database>): <T>(work: TransactionWork<T>) => Promise<T> {
  let queue: Pending[] = [];
  let flushing: Promise<void> | undefined;

  async function commitBatch(batch: Pending[]): Promise<void> {
    const outcomes: { ok: boolean; value: unknown }[] = [];
    try {
      await db.transaction().execute(async (trx) => {
        for (const pending of batch) {
          await trx.executeQuery(SAVEPOINT);
          try {
            outcomes.push({ ok: true, value: await pending.work(trx) });
            await trx.executeQuery(RELEASE);
          } catch (error) {
            // A full or failing disk may make SQLite roll the whole transaction back, savepoint and all: then the
            // batch fails with that error (nothing of it is stored), not with the missing savepoint's.
            await trx.executeQuery(ROLLBACK_TO).then(() => trx.executeQuery(RELEASE), () => Promise.reject(error));
            outcomes.push({ ok: false, value: error });
          }
        }
      });
    } catch (commitError) {
      for (const pending of batch) pending.reject(commitError);
      return;
    }
    batch.forEach((pending, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) pending.resolve(outcome.value);
      else pending.reject(outcome.value);
    });
  }

  async function drain(): Promise<void> {
    // Let the requests that are already being handled enqueue their writes before the first commit.
    await new Promise((resolve) => setImmediate(resolve));
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      await commitBatch(batch);
    }
    flushing = undefined;
  }

  return function write<T>(work: TransactionWork<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      flushing ??= drain();
    });
  };
}
