import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import type { Config } from './config/config.ts';
import { nowUtc } from './domain/time.ts';
import { memoryLimiter } from './http/shared/rate-limit.ts';
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
    // Once closing, a response in flight ends its keep-alive connection: otherwise an idle client would hold the close.
    let closing = false;
    app.addHook('preClose', async () => {
      closing = true;
    });
    app.addHook('onSend', (_request, reply, payload, done) => {
      if (closing) reply.header('Connection', 'close');
      done(null, payload);
    });
    await app.listen({ port: config.PORT, host: config.HOST });
    const { port } = app.server.address() as { port: number };
    return { app, store, url: `http://${config.HOST}:${port}`, close: () => app.close() };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/**
 * Closes the server on SIGTERM or SIGINT, once; a second signal exits at once. Takes the server while it starts, so that
 * a signal that arrives during the start still closes it gracefully once it is up.
 */
export function closeOnSignals(starting: Promise<RunningServer>): void {
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
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
