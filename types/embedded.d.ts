// The declarations of `connector-messaging/embedded` (src/embedded.ts, which the build compiles without declarations).
// test/system/embedded.test.ts checks that they match the source.

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
 */
export declare function startEmbeddedServer(env: Record<string, string>): Promise<EmbeddedServer>;
