import { InvalidParameterError } from './errors.ts';

/** Get-all operations return at most this many items a page (CONTRACT.md, "Pagination"). */
export const MAX_PAGE_COUNT = 1000;

/** The request's `Limitation`: how many items, and the id of the item just newer than the page (null: the newest). */
export interface Limitation {
  readonly Count: number;
  readonly Cursor?: string | null | undefined;
}

/** A page request: at most `count` items, starting after the item `cursor` names (null: with the newest). */
export interface PageRequest {
  readonly count: number;
  readonly cursor: string | null;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** The id of the last (oldest) item, null only when the page is empty. */
  readonly cursor: string | null;
}

export function toPageRequest(limitation: Limitation): PageRequest {
  if (!Number.isInteger(limitation.Count) || limitation.Count < 1 || limitation.Count > MAX_PAGE_COUNT) {
    throw new InvalidParameterError('Limitation.Count', `must be between 1 and ${MAX_PAGE_COUNT}.`);
  }
  return { count: limitation.Count, cursor: limitation.Cursor ?? null };
}

/**
 * The page of what the store found for a page request, its items already ordered newest first. One convention for
 * every get-all: the store answers undefined when the request's cursor is not an item the caller may see (an unknown
 * id, or one of another application or enterprise), and that is `Invalid Cursor`, never an empty page.
 *
 * @example toPage(await store.findMessages({ ...query, ...toPageRequest(limitation) }))
 */
export function toPage<T extends { readonly id: string }>(found: readonly T[] | undefined): Page<T> {
  if (found === undefined) throw new InvalidParameterError('Cursor');
  return { items: found, cursor: found.at(-1)?.id ?? null };
}
