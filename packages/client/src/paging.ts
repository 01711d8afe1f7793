import type { IterateParameters, Limitation } from './types.ts';

/** Items per page when `iterate` is given no `Limitation.Count`. */
export const DEFAULT_PAGE_COUNT = 100;

/**
 * Yields every item of a get-all operation, page after page: each page asks for the items older than the previous
 * page's `Cursor` (CONTRACT.md, "Pagination"), and the loop ends on a null `Cursor` or a page shorter than `Count`.
 * Items added while paging are newer than the first page, so they neither repeat nor shift the pages.
 */
export async function* pageThrough<Parameters extends { Limitation: Limitation }, Key extends string, Item>(
  parameters: IterateParameters<Parameters>,
  getAll: (parameters: Parameters) => Promise<{ [K in Key]: Item[] } & { Cursor?: string | null }>,
  itemsKey: Key,
): AsyncGenerator<Item, void, undefined> {
  const Count = parameters.Limitation?.Count ?? DEFAULT_PAGE_COUNT;
  let Cursor = parameters.Limitation?.Cursor ?? null;
  for (;;) {
    // The other parameters are the caller's, unchanged: only Limitation differs from `Parameters`.
    const page = await getAll({ ...parameters, Limitation: { Count, Cursor } } as Parameters);
    const items = page[itemsKey];
    yield* items;
    if (page.Cursor == null || items.length < Count) return;
    Cursor = page.Cursor;
  }
}
