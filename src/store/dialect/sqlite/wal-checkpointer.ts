import { Worker } from 'node:worker_threads';
import { packageFile } from '../../../package-files.ts';

export interface WalCheckpointerOptions {
  /** The SQLite database file, already in WAL mode. */
  readonly path: string;
  /** The writer's `synchronous` setting, which the checkpoint's syncs follow. */
  readonly synchronous: 'NORMAL' | 'FULL';
  readonly onError: (error: Error) => void;
}

export interface WalCheckpointer {
  /** Tells it of a commit: the thread starts on the first, and wakes on each while it rests. */
  committed(): void;
  /** Stops the worker, and returns once its connection is closed: after that, nothing touches the database's files. */
  close(): void;
}

/** Slots of the memory shared with the worker (see `wal-checkpointer.worker.js`). */
const COMMITS = 0;
const CLOSED = 1;
const DONE = 2;
/** How long `close()` waits for the worker to close its connection: the time of one checkpoint step, or of its start. */
const CLOSE_WAIT_MS = 5000;

/**
 * Checkpoints an SQLite database from a worker thread with a connection of its own. Left to the writer, a checkpoint
 * runs inside a commit, once the log passes 1000 pages: it copies them into the database file and syncs it while every
 * request waits, and it took as much time as the writes themselves. In the background it follows the log as it grows,
 * and the writer's own checkpoint (still on, as a backstop) finds almost nothing left to copy.
 *
 * It costs nothing until the first commit it is told of (the adapter tells it only of those that changed rows: a server
 * that only reads never starts the thread), and nothing while no writes come: the worker sleeps on a commit counter in
 * shared memory, which `committed()` bumps, instead of polling.
 */
export function walCheckpointer(options: WalCheckpointerOptions): WalCheckpointer {
  const state = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
  let worker: Worker | undefined;
  function start(): Worker {
    const started = new Worker(packageFile('store/dialect/sqlite/wal-checkpointer.worker.js'), {
      workerData: { path: options.path, synchronous: options.synchronous, state },
    });
    // The database stays correct without it: it never keeps the process alive.
    started.unref();
    started.on('message', (message: { error?: string }) => {
      if (message.error) options.onError(new Error(`WAL checkpoint failed: ${message.error}`));
    });
    started.on('error', options.onError);
    // A worker that failed to start, or ended, has nothing left for `close()` to wait for.
    started.once('exit', () => Atomics.store(state, DONE, 1));
    return started;
  }
  return {
    committed() {
      Atomics.add(state, COMMITS, 1);
      if (worker) Atomics.notify(state, COMMITS);
      else if (Atomics.load(state, CLOSED) === 0) worker = start();
    },
    close() {
      Atomics.store(state, CLOSED, 1);
      Atomics.notify(state, COMMITS);
      if (worker) Atomics.wait(state, DONE, 0, CLOSE_WAIT_MS);
    },
  };
}
