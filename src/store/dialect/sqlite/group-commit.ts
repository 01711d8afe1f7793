import type { Kysely } from 'kysely';
import type { Database } from '../../database.ts';
import type { TransactionWork } from '../dialect-adapter.ts';

interface Pending {
  readonly work: TransactionWork<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (reason: unknown) => void;
}

/**
 * The savepoint each write runs in, as statements run straight on the transaction's connection: they run around every
 * write, and through Kysely each would cost more than SQLite takes to run it.
 */
export interface ItemSavepoint {
  begin(): void;
  release(): void;
  rollBack(): void;
}

/**
 * Group commit for a single-writer engine: writes that arrive while a commit is being prepared share one transaction,
 * and so one WAL append and (with synchronous=FULL) one fsync, instead of one each. Each write runs in a savepoint of
 * its own, so one that fails is rolled back alone; every caller is answered only after the shared commit, so no
 * response ever reports a write that is not durable.
 *
 * @example
 *   const write = groupCommit(db, savepoint, () => checkpointer.committed());
 *   await Promise.all([write((trx) => insertA(trx)), write((trx) => insertB(trx))]); // one commit
 */
export function groupCommit(
  db: Kysely<Database>,
  savepoint: ItemSavepoint,
  /** Called once after each shared commit, before its callers are answered. */
  committed: () => void = () => {},
): <T>(work: TransactionWork<T>) => Promise<T> {
  let queue: Pending[] = [];
  let flushing: Promise<void> | undefined;

  async function commitBatch(batch: Pending[]): Promise<void> {
    const outcomes: { ok: boolean; value: unknown }[] = [];
    try {
      await db.transaction().execute(async (trx) => {
        for (const pending of batch) {
          savepoint.begin();
          let outcome: { ok: boolean; value: unknown };
          try {
            outcome = { ok: true, value: await pending.work(trx) };
          } catch (error) {
            try {
              savepoint.rollBack();
            } catch {
              // A full or failing disk may make SQLite roll the whole transaction back, savepoint and all: then the
              // batch fails with that error (nothing of it is stored), not with the missing savepoint's.
              throw error;
            }
            outcome = { ok: false, value: error };
          }
          savepoint.release();
          outcomes.push(outcome);
        }
      });
    } catch (commitError) {
      for (const pending of batch) pending.reject(commitError);
      return;
    }
    committed();
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
