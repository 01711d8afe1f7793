// Copies committed pages from an SQLite database's write-ahead log into the database file (a checkpoint), on a thread
// of its own, so that the server's event loop never waits for it (see `walCheckpointer`). Plain JavaScript: a worker
// thread starts without the loader that runs the TypeScript in development.
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

/** @type {{ path: string, synchronous: string, state: Int32Array }} */
const { path, synchronous, state } = workerData;
// The slots of `state`: how many commits the writer reported, whether it closed, and whether this thread has.
const COMMITS = 0;
const CLOSED = 1;
const DONE = 2;

const db = new SQLite(path);
// The checkpoint syncs the log and the database file as this setting says, as the writer's own checkpoints would.
db.pragma(`synchronous = ${synchronous}`);
const checkpoint = db.prepare('pragma wal_checkpoint(PASSIVE)');

/** One passive checkpoint; whether everything committed is in the database file now (or another one is at it). */
function caughtUp() {
  try {
    // `log`: frames in the log; `checkpointed`: frames copied so far. Both are -1 when the database is not in WAL mode.
    const { busy, log, checkpointed } = checkpoint.get();
    return busy === 1 || checkpointed >= log;
  } catch (error) {
    // Another connection's checkpoint holds the lock: that one does the work.
    if (error?.code !== 'SQLITE_BUSY') parentPort.postMessage({ error: String(error?.message ?? error) });
    return true;
  }
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
// Keeps this thread's event loop alive while it waits on the shared memory, which does not by itself.
const alive = setInterval(() => {}, 2 ** 31 - 1);

let seen = Atomics.load(state, COMMITS);
while (Atomics.load(state, CLOSED) === 0) {
  // Go on, a turn at a time, while the writer keeps adding frames.
  while (!caughtUp() && Atomics.load(state, CLOSED) === 0) await nextTurn();
  // Then sleep until a commit newer than those already followed (at once if one came meanwhile).
  const wait = Atomics.waitAsync(state, COMMITS, seen);
  if (wait.async) await wait.value;
  seen = Atomics.load(state, COMMITS);
}
clearInterval(alive);
db.close();
Atomics.store(state, DONE, 1);
Atomics.notify(state, DONE);
