import type { FastifyInstance } from 'fastify';
import { Server as NetServer } from 'node:net';
import { pino, type Logger } from 'pino';
import { buildApp } from './app.ts';
import type { Config } from './config/config.ts';
import { atStart } from './database-start.ts';
import { nowUtc } from './domain/time.ts';
import { ActivityHub } from './events/activity-hub.ts';
import { backgroundWork, type BackgroundWork } from './events/background-work.ts';
import { SessionEnds } from './events/session-ends.ts';
import { holdBackFor, webhookDeliveryPolicy } from './events/webhook-delivery-policy.ts';
import { webhookMetrics } from './events/webhook-metrics.ts';
import { startRequestJournal, type RequestJournalWriter } from './events/request-journal-writer.ts';
import { memoryLimiter, type RequestLimiter } from './http/shared/rate-limit.ts';
import { clusterLimiter } from './http/shared/cluster-rate-limit.ts';
import { openStore, type Store } from './store/store.ts';

export interface RunningServer {
  readonly app: FastifyInstance;
  readonly store: Store;
  /** Where it listens, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  /** Stops taking new connections; the open ones, idle keep-alive ones included, stay open until `close`. */
  stopAccepting(): void;
  /** Stops accepting, lets requests in flight finish, then closes the database pool and the Redis connection. */
  close(): Promise<void>;
}

export interface StartOptions {
  /**
   * A worker of `startPrimary` (WORKERS > 1): the primary migrated and seeded the database once before forking, and
   * without Redis it counts the requests of all its workers.
   */
  readonly clusterWorker?: boolean;
  /** How long a keep-alive connection idle at the close may still bring a request (default `IDLE_GRACE_MS`). */
  readonly idleGraceMs?: number;
}

/** The logger of what happens outside requests (start, Redis outages, workers), in the requests' JSON format. */
export function processLogger(config: Config): Logger {
  return pino({ level: config.LOG_LEVEL });
}

export function openConfiguredStore(config: Config): Store {
  const log = processLogger(config);
  return openStore({
    url: config.DATABASE_URL,
    sqliteSynchronous: config.SQLITE_SYNCHRONOUS,
    poolSize: config.DATABASE_POOL_SIZE,
    onIdleConnectionError: (error) => log.warn({ err: error }, 'database connection lost; the pool reconnects on next use'),
    backgroundCheckpoints: {
      onError: (error) => log.warn({ err: error }, 'background checkpoint failed; the writer checkpoints instead'),
    },
  });
}

/** Migrates the database, and seeds the demo tenants outside production. */
export async function prepareDatabase(store: Store, config: Config): Promise<void> {
  await store.migrate();
  if (config.MODE !== 'production') await store.seedSandbox(nowUtc());
}

/**
 * The request limiter the configuration asks for: shared through Redis when REDIS_URL is set; else counted by the
 * cluster's primary for its workers, or in this process.
 */
export function requestLimiter(config: Config, log: Logger, clusterWorker = false): Promise<RequestLimiter> | RequestLimiter {
  const limits = { max: config.RATE_LIMIT_MAX, windowS: config.RATE_LIMIT_WINDOW_S, keyPrefix: config.RATE_LIMIT_KEY_PREFIX };
  const url = config.REDIS_URL;
  // Loaded only when configured: ioredis costs start-up time and memory that a process without Redis never uses.
  if (url) return import('./http/shared/redis-rate-limit.ts').then(({ redisLimiter }) => redisLimiter({ ...limits, url, log }));
  return clusterWorker ? clusterLimiter(limits) : memoryLimiter(limits);
}

/**
 * Opens the database (preparing it unless told it is), connects the limiter, starts the background work, then listens:
 * the activity hub has read where the feed ends before any live stream can subscribe, so a stream misses nothing.
 * Closing stops in the reverse order, whatever order Fastify runs its hooks in: the server stops accepting and lets
 * requests in flight finish, the background work ends what it is doing, then the store and the limiter close.
 */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const store = await atStart(config, () => openConfiguredStore(config));
  let limiter: RequestLimiter | undefined;
  let app: FastifyInstance | undefined;
  let journal: RequestJournalWriter | undefined;
  try {
    if (!options.clusterWorker) await atStart(config, () => prepareDatabase(store, config));
    limiter = await requestLimiter(config, processLogger(config), options.clusterWorker);
    const sessions = new SessionEnds(store);
    store.onStaffSessionsEnded((end) => sessions.end(end));
    const hub = new ActivityHub({ store, sessions, log: processLogger(config), intervalMs: config.ACTIVITY_POLL_INTERVAL_MS });
    journal = await requestJournal(config, store);
    const built = await buildApp({ config, store, limiter, hub, journal, idleGraceMs: options.idleGraceMs });
    const background = configuredBackgroundWork(config, store, hub, built);
    const opened = limiter;
    const recording = journal;
    // The one onClose hook that touches the store: its order against other hooks does not matter. From here on,
    // closing the app closes everything.
    built.addHook('onClose', async () => {
      try {
        await background.stop();
        // After the requests in flight were answered: their entries are written before the store closes.
        await recording?.close();
      } finally {
        await Promise.all([store.close(), opened.close()]);
      }
    });
    app = built;
    await background.start();
    await app.listen({ port: config.PORT, host: config.HOST });
    const { port } = app.server.address() as { port: number };
    let accepting = true;
    // net's close alone: http's would also close idle keep-alive connections, whose clients would reconnect into a
    // port that is still open (in a cluster, until every worker has stopped) and be reset when it closes.
    const stopAccepting = () => {
      if (accepting) NetServer.prototype.close.call(built.server);
      accepting = false;
    };
    return {
      app,
      store,
      url: `http://${config.HOST}:${port}`,
      stopAccepting,
      close: () => {
        stopAccepting();
        return built.close();
      },
    };
  } catch (error) {
    if (app) await app.close();
    else {
      await journal?.close();
      await Promise.all([store.close(), limiter?.close()]);
    }
    throw error;
  }
}

/**
 * The request journal's writer where there are sandboxes (SANDBOX_API) and JOURNAL_MAX_ENTRIES is not 0; else none,
 * and nothing is recorded.
 */
async function requestJournal(config: Config, store: Store): Promise<RequestJournalWriter | undefined> {
  if (!config.SANDBOX_API || config.JOURNAL_MAX_ENTRIES === 0) return undefined;
  return startRequestJournal({
    store,
    limits: { maxEntries: config.JOURNAL_MAX_ENTRIES, retentionMs: config.JOURNAL_RETENTION_HOURS * 3_600_000 },
    log: processLogger(config),
  });
}

/** This process's background work as the configuration sets it up (see `backgroundWork`). */
function configuredBackgroundWork(config: Config, store: Store, hub: ActivityHub, app: FastifyInstance): BackgroundWork {
  const retry = { initialMs: config.WEBHOOK_RETRY_INITIAL_MS, maxMs: config.WEBHOOK_RETRY_MAX_MS };
  return backgroundWork({
    store,
    hub,
    webhooks: {
      timeoutMs: config.WEBHOOK_TIMEOUT_MS,
      policy: webhookDeliveryPolicy({ retry, giveUpAfterMs: config.WEBHOOK_GIVE_UP_AFTER_MS, holdBackMs: holdBackFor(retry) }),
      allowPrivate: config.WEBHOOK_ALLOW_PRIVATE,
      pollIntervalMs: config.WEBHOOK_POLL_INTERVAL_MS,
      metrics: webhookMetrics(app.metrics, () => store.countUndeliveredWebhookEvents()),
    },
    webhookRetentionMs: config.WEBHOOK_RETENTION_DAYS * 86_400_000,
    log: app.log,
  });
}

/**
 * Closes the server on one of `signals` (SIGTERM and SIGINT by default), once; a second signal exits at once. Takes the
 * server while it starts, so that a signal that arrives during the start still closes it gracefully once it is up.
 */
export function closeOnSignals(starting: Promise<RunningServer>, signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT']): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) process.exit(1);
    closing = true;
    starting.then(
      (server) => {
        server.app.log.info({ signal }, 'closing: finishing requests in flight');
        server.close().then(
          () => process.exit(0),
          (error: unknown) => {
            server.app.log.error({ err: error }, 'error while closing');
            process.exit(1);
          },
        );
      },
      () => process.exit(1),
    );
  };
  for (const signal of signals) process.on(signal, onSignal);
}
