import { InvalidParameterError } from './errors.ts';

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
