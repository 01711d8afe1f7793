import type { Config } from './config/config.ts';
import { shownDatabaseUrl } from './config/database-url.ts';

/** The database could not be opened, reached or brought up to date at start; `cause` is the engine's error. */
export class DatabaseStartError extends Error {
  override name = 'DatabaseStartError';
  constructor(url: string, cause: unknown) {
    super(`Cannot use the database ${shownDatabaseUrl(url)}: ${reasonOf(cause)}`, { cause });
  }
}

/**
 * The words of the innermost cause, the engine's or the socket's own (`connect ECONNREFUSED …`), not those of the
 * layers that wrapped it; a connection tried on several addresses fails with an AggregateError of its attempts.
 */
function reasonOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return reasonOf(error.errors[0]);
  if (error instanceof Error && error.cause !== undefined) return reasonOf(error.cause);
  return error instanceof Error ? error.message : String(error);
}

/** Runs the start's first use of the database, `use`, turning its failure into a `DatabaseStartError`. */
export async function atStart<T>(config: Pick<Config, 'DATABASE_URL'>, use: () => T | Promise<T>): Promise<T> {
  try {
    return await use();
  } catch (error) {
    throw new DatabaseStartError(config.DATABASE_URL, error);
  }
}
