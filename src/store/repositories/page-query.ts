import { sql, type Expression, type RawBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { PageRequest } from '../../domain/pagination.ts';
import type { TimeInterval, UtcSeconds } from '../../domain/time.ts';

/**
 * Keyset pagination, for every get-all: pages are ordered by named key columns descending and continue strictly below
 * the cursor's position (an index range scan whatever the depth, never OFFSET). The last key is always `seq`, unique
 * and in creation order, so that rows that share the first key's value keep their order.
 */

/** The columns a page is ordered by, newest first. */
export type PageKeys = readonly ['created_utc', 'seq'] | readonly ['updated_utc', 'seq'] | readonly ['seq'];
type PageKey = PageKeys[number];

/** Bounds on the first key, both inclusive; null: unbounded. */
export interface KeyBounds {
  readonly from: number | null;
  readonly through: number | null;
}

const UNBOUNDED: KeyBounds = { from: null, through: null };

// Builders of any table: the page's conditions and order are written as SQL over the named columns.
type AnySelect<O> = SelectQueryBuilder<any, any, O>;

export interface KeysetPage<O> extends PageRequest {
  /**
   * The rows the caller may see, with nothing selected: where the cursor is looked up. Without the request's filters,
   * so that a cursor whose row no longer matches them (updated since, resolved since) still marks its place.
   */
  readonly positions: AnySelect<object>;
  /** The query the page is taken from: the visible rows the request's filters match, with the items' columns selected. */
  readonly items: AnySelect<O>;
  readonly keys: PageKeys;
  /** The alias of the table the keys and `id` are columns of, where the queries join others. */
  readonly table?: string;
  /** Bounds the request's filters put on the first key; the cursor's condition replaces the upper one when tighter. */
  readonly bounds?: KeyBounds;
  /**
   * Whether the engine may walk an index of the keys in page order (the default). False writes them as expressions no
   * engine looks up in an index, for a page that another index must drive (and that then sorts what it found).
   */
  readonly indexed?: boolean;
  /**
   * The highest `seq` a page may show (`DialectAdapter.commitOrder`), where rows can commit out of `seq` order: one
   * above it may still be joined by one below it that commits later, which a client paging on would pass over.
   */
  readonly settledSeq?: number;
  /**
   * Takes the page from each of several groups apart, then merges them: `items` is then one group's rows, correlated
   * to a row of the groups that `merge` joins it to laterally. Each group's page is an index range scan under a limit,
   * where one query over all the groups would read and sort every row they hold.
   */
  readonly merge?: (eachGroup: AnySelect<O>) => AnySelect<O>;
}

/**
 * One page, newest first, with the cursor's position resolved in the same call: undefined when the cursor is not
 * among `positions` (the domain's `toPage` makes that `Invalid Cursor`).
 *
 * @example
 *   const visible = db.selectFrom('messages').where('message_thread_id', 'in', threadIds);
 *   const rows = await keysetPage({ positions: visible, items: visible.selectAll(), keys: ['created_utc', 'seq'], cursor, count });
 */
export async function keysetPage<O>(page: KeysetPage<O>): Promise<O[] | undefined> {
  const { keys, table, indexed = true } = page;
  const column = (name: PageKey | 'id') => sql.ref<number>(table === undefined ? name : `${table}.${name}`);
  const key = (name: PageKey) => (indexed ? column(name) : sql<number>`(${column(name)} + 0)`);
  let after: number[] | null = null;
  if (page.cursor !== null) {
    const position: Record<string, unknown> | undefined = await page.positions
      .select(keys.map((name) => column(name).as(name)))
      .where(sql<SqlBool>`${column('id')} = ${page.cursor}`)
      .executeTakeFirst();
    if (!position) return undefined;
    after = keys.map((name) => Number(position[name]));
  }
  const range = pageRange(keys.map(key), page.bounds ?? UNBOUNDED, after);
  let items = range === null ? page.items : page.items.where(range);
  if (page.settledSeq !== undefined) items = items.where(sql<SqlBool>`${column('seq')} <= ${page.settledSeq}`);
  for (const name of keys) items = items.orderBy(key(name), 'desc');
  items = items.limit(page.count);
  if (page.merge) {
    items = page.merge(items);
    for (const name of keys) items = items.orderBy(sql.ref(name), 'desc');
    items = items.limit(page.count);
  }
  return items.execute();
}

/**
 * A page's conditions on its keys: the first within `bounds`, and the keys strictly below `after`. Of the two upper
 * bounds (`through` and the cursor) only the tighter one is written, since the other follows from it: given both,
 * SQLite bounds its index scan by one and filters by the other, so a deep page would read every row above the cursor
 * instead of starting at it. Null when there is no condition at all.
 */
function pageRange(keys: readonly RawBuilder<number>[], bounds: KeyBounds, after: readonly number[] | null): Expression<SqlBool> | null {
  const first = keys[0]!;
  const conditions: RawBuilder<SqlBool>[] = [];
  if (bounds.from !== null) conditions.push(sql<SqlBool>`${first} >= ${bounds.from}`);
  if (after !== null && (bounds.through === null || after[0]! <= bounds.through)) {
    conditions.push(
      keys.length === 1 ? sql<SqlBool>`${first} < ${after[0]}` : sql<SqlBool>`(${sql.join(keys)}) < (${sql.join(after)})`,
    );
  } else if (bounds.through !== null) {
    conditions.push(sql<SqlBool>`${first} <= ${bounds.through}`);
  }
  return conditions.length === 0 ? null : sql<SqlBool>`(${sql.join(conditions, sql` and `)})`;
}

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

/** The bounds a `CreatedUtc` filter puts on `created_utc`. */
export function createdBounds(interval: TimeInterval | null): KeyBounds {
  return interval === null ? UNBOUNDED : { from: interval.startUtc, through: lastSecondOf(interval) };
}
