// Copies committed pages from an SQLite database's write-ahead log into the database file (a checkpoint), on a thread
// of its own, so that the server's event loop never waits for it (see `startWalCheckpointer`). Plain JavaScript: a
// worker thread starts without the loader that runs the TypeScript.
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

/** @type {{ path: string, synchronous: string, idleMs: number }} */
const { path, synchronous, idleMs } = workerData;
const db = new SQLite(path);
// The checkpoint syncs the log and the database file as this setting says, as the writer's own checkpoints would.
db.pragma(`synchronous = ${synchronous}`);
const checkpoint = db.prepare('pragma wal_checkpoint(PASSIVE)');

let timer;
function run() {
  let caughtUp = true;
  try {
    // `log`: frames in the log; `checkpointed`: frames copied so far. Both are -1 when the database is not in WAL mode.
    const { busy, log, checkpointed } = checkpoint.get();
    caughtUp = busy === 1 || checkpointed >= log;
  } catch (error) {
    // Another connection's checkpoint holds the lock: that one does the work.
    if (error?.code !== 'SQLITE_BUSY') parentPort.postMessage({ error: String(error?.message ?? error) });
  }
  // Go on at once while the writer keeps adding frames; rest once everything committed is in the database file.
  timer = caughtUp ? setTimeout(run, idleMs) : setImmediate(run);
}
run();

parentPort.on('message', (message) => {
  if (message !== 'close') return;
  clearTimeout(timer);
  clearImmediate(timer);
  db.close();
  parentPort.close();
});
