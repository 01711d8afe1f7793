import { Worker } from 'node:worker_threads';

export interface WalCheckpointerOptions {
  /** The SQLite database file, already in WAL mode. */
  readonly path: string;
  /** The writer's `synchronous` setting, which the checkpoint's syncs follow. */
  readonly synchronous: 'NORMAL' | 'FULL';
  readonly onError: (error: Error) => void;
}

/**
 * Checkpoints an SQLite database from a worker thread with a connection of its own. Left to the writer, a checkpoint
 * runs inside a commit, once the log passes 1000 pages: it copies them into the database file and syncs it while every
 * request waits, and it took as much time as the writes themselves. In the background it follows the log as it grows,
 * and the writer's own checkpoint (still on, as a backstop) finds almost nothing left to copy.
 */
export function startWalCheckpointer(options: WalCheckpointerOptions): { close(): void } {
  const worker = new Worker(new URL('./wal-checkpointer.worker.js', import.meta.url), {
    workerData: { path: options.path, synchronous: options.synchronous, idleMs: 5 },
  });
  // The database stays correct without it: it never keeps the process alive.
  worker.unref();
  worker.on('message', (message: { error?: string }) => {
    if (message.error) options.onError(new Error(`WAL checkpoint failed: ${message.error}`));
  });
  worker.on('error', options.onError);
  return { close: () => worker.postMessage('close') };
}
