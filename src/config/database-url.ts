/** The database a `DATABASE_URL` names: PostgreSQL by its URL, or SQLite by a file path (or `:memory:`). */
export type DatabaseLocation = { readonly engine: 'postgres'; readonly url: string } | { readonly engine: 'sqlite'; readonly path: string };

export const SUPPORTED_DATABASE_URLS = 'postgres://…, postgresql://…, sqlite:PATH, sqlite::memory: or a file path';

/** Thrown for a URL of another engine: read as a file path, `mysql://x` would silently become a SQLite file `mysql:/x`. */
export class UnsupportedDatabaseUrlError extends Error {
  override name = 'UnsupportedDatabaseUrlError';
  /** Only the scheme is repeated: the rest of a URL may hold a password. */
  constructor(readonly scheme: string) {
    super(`unsupported scheme "${scheme}"; use ${SUPPORTED_DATABASE_URLS}`);
  }
}

/**
 * Reads a `DATABASE_URL`: `postgres://…` or `postgresql://…`, `sqlite:PATH`, `sqlite::memory:`, or a path without a
 * scheme (anything before a first `:` that looks like a URL scheme counts as one).
 *
 * @throws UnsupportedDatabaseUrlError for any other scheme, and for `sqlite:` without a path.
 */
export function parseDatabaseUrl(url: string): DatabaseLocation {
  if (/^postgres(ql)?:\/\//.test(url)) return { engine: 'postgres', url };
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (path === '') throw new UnsupportedDatabaseUrlError('sqlite:');
    return { engine: 'sqlite', path };
  }
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0];
  if (scheme) throw new UnsupportedDatabaseUrlError(scheme);
  return { engine: 'sqlite', path: url };
}

/** The URL as it may be shown: a PostgreSQL URL without its password. */
export function shownDatabaseUrl(url: string): string {
  if (parseDatabaseUrl(url).engine !== 'postgres') return url;
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.href;
  } catch {
    return 'postgres://…';
  }
}
