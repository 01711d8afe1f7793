import type { Limitation } from './types.ts';

/** Items per page when `iterate` is given no `Limitation.Count`. */
export const DEFAULT_PAGE_COUNT = 100;

/**
 * Yields every item of a get-all operation, page after page: each page asks for the items older than the previous
 * page's `Cursor` (CONTRACT.md, "Pagination"), and the loop ends on a null `Cursor` or a page shorter than `Count`.
 * Items added while paging are newer than the first page, so they neither repeat nor shift the pages.
 */
export async function* pageThrough<Item>(
  limitation: Partial<Limitation> | undefined,
  getPage: (limitation: Limitation) => Promise<{ items: Item[]; cursor: string | null | undefined }>,
): AsyncGenerator<Item, void, undefined> {
  const Count = limitation?.Count ?? DEFAULT_PAGE_COUNT;
  let Cursor = limitation?.Cursor ?? null;
  for (;;) {
    const page = await getPage({ Count, Cursor });
    yield* page.items;
    if (page.cursor == null || page.items.length < Count) return;
    Cursor = page.cursor;
  }
}
