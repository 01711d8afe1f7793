import type { UnavailableReason } from '../unavailable-storage.ts';

/** SQLite's result codes (https://sqlite.org/rescode.html) that mean the file cannot be written for now, and why. */
const REASONS: readonly [RegExp, string][] = [
  [/^SQLITE_FULL$/, 'The database cannot be written: its disk is full. Nothing was stored; retry later.'],
  [/^SQLITE_READONLY/, 'The database cannot be written: it is read-only. Nothing was stored; retry later.'],
  [/^SQLITE_(IOERR|CANTOPEN)/, 'The database cannot be read or written: its disk failed. Nothing was stored; retry later.'],
  [/^SQLITE_BUSY/, 'The database is busy: nothing was stored; retry later.'],
];

/** A full, read-only, failing or locked SQLite file: a 503, not a fault. */
export const sqliteUnavailableReason: UnavailableReason = (error) => {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  return REASONS.find(([pattern]) => pattern.test(code))?.[1];
};
