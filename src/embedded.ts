import { loadConfig } from './config/config.ts';
import { startServer } from './server.ts';

/** A server running in the caller's process. */
export interface EmbeddedServer {
  /** Where it listens, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** Lets requests in flight finish, closing idle keep-alive connections at once, then closes the database and the rest. */
  close(): Promise<void>;
}

/**
 * Starts the server in this process, configured by `env` as `serve` is by the environment (unset settings take their
 * defaults; `process.env` is not read), e.g. `{ PORT: '0', DATABASE_URL: 'sqlite::memory:', LOG_LEVEL: 'silent' }`.
 * The package's `connector-messaging/embedded` export, for test harnesses.
 *
 * @throws ConfigError naming the first invalid setting.
 */
export async function startEmbeddedServer(env: Record<string, string>): Promise<EmbeddedServer> {
  // No grace for idle keep-alive connections at the close: their clients are the caller's own, done with the server
  // when it closes it, and the close would otherwise idle half a second. A request in flight is still answered.
  const server = await startServer(loadConfig(env), { idleGraceMs: 0 });
  return { url: server.url, close: () => server.close() };
}
