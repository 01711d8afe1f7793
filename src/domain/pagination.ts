import { InvalidParameterError } from './errors.ts';
import type { UtcSeconds } from './time.ts';

/** Get-all operations return at most this many items a page (CONTRACT.md, "Pagination"). */
export const MAX_PAGE_COUNT = 1000;

/** The request's `Limitation`: how many items, and the id of the item just newer than the page (null: the newest). */
export interface Limitation {
  readonly Count: number;
  readonly Cursor?: string | null | undefined;
}

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

/** Builds a page from items already ordered newest first. */
export function toPage<T extends { readonly id: string }>(items: readonly T[]): Page<T> {
  return { items, cursor: items.at(-1)?.id ?? null };
}

/**
 * Where an item stands in creation order: its creation second, then the sequence number the store gave it when it was
 * created. Pages are ordered by it, newest first, so that items created within the same second keep their order
 * (a random id carries none) and a cursor stays exact while newer items are being added.
 */
export interface PagePosition {
  readonly createdUtc: UtcSeconds;
  readonly seq: number;
}

/**
 * The position a page starts after: null for the newest items, else the position of the cursor's item, which must be
 * one the caller may see (an unknown id, or one of another integration or enterprise, is `Invalid Cursor`).
 */
export async function resolveCursor(
  cursor: string | null,
  findPosition: (id: string) => Promise<PagePosition | undefined>,
): Promise<PagePosition | null> {
  if (cursor === null) return null;
  const position = await findPosition(cursor);
  if (!position) throw new InvalidParameterError('Cursor');
  return position;
}
