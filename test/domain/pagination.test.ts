import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../src/domain/errors.ts';
import { toPage, toPageRequest } from '../../src/domain/pagination.ts';

describe('toPage: the one convention for a cursor', () => {
  it('is Invalid Cursor when the store found no such item for the caller', () => {
    expect(() => toPage(undefined)).toThrow(InvalidParameterError);
    expect(() => toPage(undefined)).toThrow('Invalid Cursor');
  });

  it("continues after the page's last item, and an empty page has no cursor", () => {
    expect(toPage([{ id: 'newer' }, { id: 'older' }])).toEqual({ items: [{ id: 'newer' }, { id: 'older' }], cursor: 'older' });
    expect(toPage([])).toEqual({ items: [], cursor: null });
  });
});

describe('toPageRequest', () => {
  it('takes 1 to 1000 items, from the newest without a cursor', () => {
    expect(toPageRequest({ Count: 1000 })).toEqual({ count: 1000, cursor: null });
    expect(toPageRequest({ Count: 1, Cursor: 'x' })).toEqual({ count: 1, cursor: 'x' });
    for (const Count of [0, 1001, 1.5]) expect(() => toPageRequest({ Count })).toThrow('Invalid Limitation.Count');
  });
});
