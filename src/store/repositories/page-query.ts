import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { PagePosition } from '../../domain/pagination.ts';
import type { TimeInterval, UtcSeconds } from '../../domain/time.ts';

/**
 * Pieces shared by the paginated queries. Pages are ordered by `(created_utc, seq)` descending and continue strictly
 * below the cursor's position (keyset pagination: an index range scan whatever the depth, never OFFSET).
 */

/** The contract's interval rule on a whole-second column: equality when start equals end, else `[start, end)`. */
export function withinInterval(column: string, interval: TimeInterval): Expression<SqlBool> {
  const ref = sql.ref(column);
  return interval.startUtc === interval.endUtc
    ? sql<SqlBool>`${ref} = ${interval.startUtc}`
    : sql<SqlBool>`(${ref} >= ${interval.startUtc} and ${ref} < ${interval.endUtc})`;
}

/** The last whole second an interval admits. */
export function lastSecondOf(interval: TimeInterval): UtcSeconds {
  return interval.startUtc === interval.endUtc ? interval.endUtc : interval.endUtc - 1;
}

/** The order key's columns, as a page query refers to them. */
export interface PageKeys {
  readonly created: RawBuilder<number>;
  readonly seq: RawBuilder<number>;
}

/** The columns themselves: the engine walks a `(…, created_utc, seq)` index in page order. */
export const INDEXED_KEYS: PageKeys = { created: sql.ref<number>('created_utc'), seq: sql.ref<number>('seq') };

/**
 * The same values as expressions no engine looks up in an index, for a query that must be driven by another index
 * (and then sorts what it found).
 */
export const UNINDEXED_KEYS: PageKeys = { created: sql<number>`(created_utc + 0)`, seq: sql<number>`(seq + 0)` };

/** Bounds on `created_utc`, in whole seconds, both inclusive; null: unbounded. */
export interface CreatedBounds {
  readonly from: UtcSeconds | null;
  readonly through: UtcSeconds | null;
}

/**
 * A page's conditions on `(created_utc, seq)`: created within `bounds`, and strictly older than `after`. Of the two
 * upper bounds (`through` and the cursor) only the tighter one is written, since the other follows from it: given
 * both, SQLite bounds its index scan by one and filters by the other, so a deep page would read every row above the
 * cursor instead of starting at it. Null when there is no condition at all.
 */
export function pageRange(bounds: CreatedBounds, after: PagePosition | null, keys: PageKeys = INDEXED_KEYS): Expression<SqlBool> | null {
  const { created, seq } = keys;
  const conditions: RawBuilder<SqlBool>[] = [];
  if (bounds.from !== null) conditions.push(sql<SqlBool>`${created} >= ${bounds.from}`);
  if (after !== null && (bounds.through === null || after.createdUtc <= bounds.through)) {
    conditions.push(sql<SqlBool>`(${created}, ${seq}) < (${after.createdUtc}, ${after.seq})`);
  } else if (bounds.through !== null) {
    conditions.push(sql<SqlBool>`${created} <= ${bounds.through}`);
  }
  return conditions.length === 0 ? null : sql<SqlBool>`(${sql.join(conditions, sql` and `)})`;
}

/** The bounds a `CreatedUtc` filter puts on `created_utc`. */
export function createdBounds(interval: TimeInterval | null): CreatedBounds {
  return interval === null ? { from: null, through: null } : { from: interval.startUtc, through: lastSecondOf(interval) };
}
