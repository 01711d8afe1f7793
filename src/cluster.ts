import cluster, { type Worker } from 'node:cluster';
import type { Config } from './config/config.ts';
import { countForWorkers } from './http/shared/cluster-rate-limit.ts';
import { atStart } from './database-start.ts';
import { closeOnSignals, openConfiguredStore, prepareDatabase, processLogger, startServer } from './server.ts';

/** The primary's word to its workers to stop taking connections, and theirs that they have (see `stop`). */
const STOP_ACCEPTING = 'connector-messaging:stop-accepting';
const STOPPED_ACCEPTING = 'connector-messaging:stopped-accepting';
/** A worker's start-up failure line, which the primary writes once: every worker meets the same failure. */
const STARTUP_FAILURE = 'connector-messaging:startup-failure';

/** From a worker that cannot start: hands its one-line reason to the primary, resolving once it is sent. */
export function tellPrimaryStartupFailure(line: string): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send({ type: STARTUP_FAILURE, line }, () => resolve());
  });
}

export interface RunningCluster {
  /** Where the workers listen, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
}

/**
 * The primary of `WORKERS=N`: prepares the database once (migrations, sandbox seed), then forks N server processes
 * that share one port (node:cluster hands each new connection to one of them). Without Redis, the primary counts the
 * requests of all workers, so the limit is the same as with one process. A worker that dies is replaced.
 * SIGTERM or SIGINT stops every worker gracefully (all stop accepting, then each finishes its requests in flight), then
 * the primary exits.
 * Resolves once every worker listens.
 */
export async function startPrimary(config: Config): Promise<RunningCluster> {
  const log = processLogger(config);
  const store = await atStart(config, () => openConfiguredStore(config));
  try {
    await atStart(config, () => prepareDatabase(store, config));
  } finally {
    await store.close();
  }

  if (!config.REDIS_URL) countForWorkers();
  let stopping = false;
  // Workers listen on port 0 too, and then share the one port the first of them got.
  const fork = () => cluster.fork({ WORKERS: String(config.WORKERS) });
  let started = false;
  let startupFailure: string | undefined;
  cluster.on('message', (_worker: Worker, message: { type?: unknown; line?: unknown }) => {
    if (message?.type === STARTUP_FAILURE && typeof message.line === 'string') startupFailure ??= message.line;
  });
  cluster.on('exit', (worker: Worker, code: number | null, signal: string | null) => {
    if (stopping) return;
    if (!started) {
      // A worker that cannot start would fail again: stop rather than fork forever, with the worker's exit code and
      // its one line (an unexpected failure's stack trace it wrote itself, on the shared stderr).
      if (startupFailure !== undefined) process.stderr.write(`${startupFailure}\n`);
      else if (code === null) log.error({ worker: worker.process.pid, signal }, 'worker killed while starting; stopping');
      stopping = true;
      for (const other of Object.values(cluster.workers ?? {})) other?.process.kill('SIGKILL');
      process.exit(code || 1);
    }
    log.error({ worker: worker.process.pid, code, signal }, 'worker exited; starting another');
    fork();
  });

  const listening = new Promise<string>((resolve) => {
    let count = 0;
    cluster.on('listening', (_worker, address) => {
      count += 1;
      if (count === config.WORKERS) resolve(`http://${config.HOST}:${address.port}`);
    });
  });
  for (let i = 0; i < config.WORKERS; i++) fork();

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    log.info({ signal }, 'closing: stopping workers after their requests in flight');
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    // No request lasts longer than REQUEST_TIMEOUT_MS (it is answered 408 then): past that, a worker is stuck.
    setTimeout(() => {
      log.error('workers did not stop in time; killing them');
      for (const worker of workers) worker.process.kill('SIGKILL');
      process.exit(1);
    }, config.REQUEST_TIMEOUT_MS + 5000).unref();
    let running = workers.length;
    if (running === 0) process.exit(0);
    for (const worker of workers) {
      worker.on('exit', () => {
        running -= 1;
        if (running === 0) process.exit(0);
      });
    }
    // In two steps. Every worker first stops accepting: the shared port closes once the last one has. Only then does
    // each finish its requests and end its connections: a client whose keep-alive connection ended while the port was
    // still open would reconnect at once, and the primary resets the connections it holds when the port closes.
    const stoppedAccepting = workers.map(
      (worker) =>
        new Promise<void>((resolve) => {
          worker.once('exit', () => resolve());
          worker.on('message', (message: unknown) => {
            if (message === STOPPED_ACCEPTING) resolve();
          });
          if (worker.isConnected()) worker.send(STOP_ACCEPTING);
        }),
    );
    void Promise.all(stoppedAccepting).then(() => {
      for (const worker of workers) worker.process.kill('SIGTERM');
    });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  const url = await listening;
  started = true;
  log.info({ url, workers: config.WORKERS }, `${config.WORKERS} workers listening at ${url}`);
  return { url };
}

/**
 * One of the primary's workers: serves on the shared port over the prepared database, and stops when the primary
 * says so (SIGTERM). A terminal's Ctrl-C reaches the primary and the workers alike; the primary decides.
 */
export async function startWorker(config: Config): Promise<void> {
  process.on('SIGINT', () => {});
  const starting = startServer(config, { clusterWorker: true });
  process.on('message', (message: unknown) => {
    if (message !== STOP_ACCEPTING) return;
    starting.then(
      (server) => {
        server.stopAccepting();
        // Sent after the cluster's own message that this worker left the port, so the primary reads them in order.
        process.send?.(STOPPED_ACCEPTING);
      },
      () => {},
    );
  });
  closeOnSignals(starting, ['SIGTERM']);
  await starting;
}
