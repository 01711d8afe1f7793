/**
 * `values` without its undefined properties: the columns an update sets, so that what a caller did not name is not
 * written (null is kept: it is a value).
 *
 * @example definedOnly({ name: 'Hotel', is_enabled: undefined }) // { name: 'Hotel' }
 */
export function definedOnly<T extends object>(values: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

