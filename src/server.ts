import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import type { Config } from './config/config.ts';
import { nowUtc } from './domain/time.ts';
import { startWebhookDispatcher } from './events/webhook-dispatcher.ts';
import { webhookMetrics } from './events/webhook-metrics.ts';
import { memoryLimiter } from './http/shared/rate-limit.ts';
import { countUndeliveredWebhookEvents } from './store/repositories/webhook-delivery.repository.ts';
import { seedSandbox } from './store/sandbox-seed.ts';
import { openStore, type Store } from './store/store.ts';

export interface RunningServer {
  readonly app: FastifyInstance;
  readonly store: Store;
  /** Where it listens, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  /** Stops accepting, lets requests in flight finish, then closes the database. */
  close(): Promise<void>;
}

/** Opens the database (migrating it, and seeding the demo tenants outside production), then listens. */
export async function startServer(config: Config): Promise<RunningServer> {
  const store = openStore({ url: config.DATABASE_URL, sqliteSynchronous: config.SQLITE_SYNCHRONOUS });
  try {
    await store.migrate();
    if (config.MODE !== 'production') await seedSandbox(store.db, nowUtc());
    const limiter = memoryLimiter({ max: config.RATE_LIMIT_MAX, windowS: config.RATE_LIMIT_WINDOW_S });
    const app = await buildApp({ config, store, limiter });
    app.addHook('onClose', async () => store.close());
    // onClose hooks run last-added first: the dispatcher stops (its requests in flight answered) before the store closes.
    let stopDispatcher: (() => Promise<void>) | undefined;
    app.addHook('onClose', async () => stopDispatcher?.());
    await app.listen({ port: config.PORT, host: config.HOST });
    stopDispatcher = startWebhooks(config, store, app);
    const { port } = app.server.address() as { port: number };
    return { app, store, url: `http://${config.HOST}:${port}`, close: () => app.close() };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** Starts this process's webhook dispatcher, woken by the store's commits; returns what stops it. */
function startWebhooks(config: Config, store: Store, app: FastifyInstance): () => Promise<void> {
  const dispatcher = startWebhookDispatcher({
    db: store.db,
    skipLocked: store.capabilities.skipLocked,
    timeoutMs: config.WEBHOOK_TIMEOUT_MS,
    retry: { initialMs: config.WEBHOOK_RETRY_INITIAL_MS, maxMs: config.WEBHOOK_RETRY_MAX_MS },
    giveUpAfterMs: config.WEBHOOK_GIVE_UP_AFTER_MS,
    allowPrivate: config.WEBHOOK_ALLOW_PRIVATE,
    pollIntervalMs: config.WEBHOOK_POLL_INTERVAL_MS,
    metrics: webhookMetrics(app.metrics, () => countUndeliveredWebhookEvents(store.db)),
    log: app.log,
  });
  const unsubscribe = store.onWebhookEventsCommitted(() => dispatcher.wake());
  return async () => {
    unsubscribe();
    await dispatcher.stop();
  };
}

/** Closes the server on SIGTERM or SIGINT, once; a second signal exits at once. */
export function closeOnSignals(server: RunningServer): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) process.exit(1);
    closing = true;
    server.app.log.info({ signal }, 'closing: finishing requests in flight');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.app.log.error({ err: error }, 'error while closing');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
