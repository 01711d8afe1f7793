import { sql, type Expression, type SqlBool } from 'kysely';
import type { PagePosition } from '../../domain/pagination.ts';
import type { TimeInterval } from '../../domain/time.ts';

/**
 * Pieces shared by the paginated queries. Pages are ordered by `(created_utc, seq)` descending and continue strictly
 * below the cursor's position (keyset pagination: an index range scan whatever the depth, never OFFSET).
 */

/** Rows strictly older than `after`, as a row-value comparison both engines answer from a `(…, created_utc, seq)` index. */
export function olderThan(after: PagePosition): Expression<SqlBool> {
  return sql<SqlBool>`(created_utc, seq) < (${after.createdUtc}, ${after.seq})`;
}

/** The contract's interval rule on a whole-second column: equality when start equals end, else `[start, end)`. */
export function withinInterval(column: string, interval: TimeInterval): Expression<SqlBool> {
  const ref = sql.ref(column);
  return interval.startUtc === interval.endUtc
    ? sql<SqlBool>`${ref} = ${interval.startUtc}`
    : sql<SqlBool>`(${ref} >= ${interval.startUtc} and ${ref} < ${interval.endUtc})`;
}

/** The interval's exclusive upper bound, as the last second it admits. */
export function lastSecondOf(interval: TimeInterval): number {
  return interval.startUtc === interval.endUtc ? interval.endUtc : interval.endUtc - 1;
}
