import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../src/domain/errors.ts';
import { formatUtc, parseUtc } from '../../src/domain/time.ts';

describe('parseUtc', () => {
  it.each([
    ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00Z'],
    ['0001-01-01T01:00:00+01:00', '0001-01-01T00:00:00Z'],
    ['0099-12-31T23:59:59Z', '0099-12-31T23:59:59Z'],
    ['0048-02-29T00:00:00Z', '0048-02-29T00:00:00Z'],
    ['1900-01-01T00:00:00Z', '1900-01-01T00:00:00Z'],
    ['2019-12-27T18:11:19.117000+00:00', '2019-12-27T18:11:19Z'],
    ['9999-12-31T23:59:59Z', '9999-12-31T23:59:59Z'],
    ['9999-12-31T23:59:59.9999999+00:00', '9999-12-31T23:59:59Z'],
  ])('reads %s as %s', (text, utc) => {
    expect(formatUtc(parseUtc(text, 'X'))).toBe(utc);
  });

  it.each([
    '0000-01-01T00:00:00Z',
    '0001-01-01T00:59:59+01:00',
    '9999-12-31T23:59:59-00:01',
    '0050-02-29T00:00:00Z',
    '0010-13-01T00:00:00Z',
    '0010-01-01T24:00:00Z',
    '2020-01-01T00:00:00',
    '2020-01-01',
    'not a date',
  ])('refuses %s', (text) => {
    expect(() => parseUtc(text, 'X')).toThrow(InvalidParameterError);
  });
});
