/** A UTF-16 code unit of a surrogate pair that has no partner: not a character, and no database stores it as sent. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * The path (`Messages[0].Text`, as `Invalid <Parameter>` names it) of the first text in a parsed JSON value that is not
 * well-formed UTF-16, such as the `"\ud800"` that JSON.parse turns into a lone surrogate; a property name that is not
 * names the object holding it (`""` for the body itself). Undefined when every text is well formed. Walks without
 * recursion, since a body may nest deeper than the stack.
 *
 * @example illFormedTextPath({ Messages: [{ Text: '\ud800' }] }) // 'Messages[0].Text'
 */
export function illFormedTextPath(root: unknown): string | undefined {
  const pending: Array<{ value: unknown; path: string }> = [{ value: root, path: '' }];
  while (pending.length > 0) {
    const { value, path } = pending.pop()!;
    if (typeof value === 'string') {
      if (LONE_SURROGATE.test(value)) return path;
    } else if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index--) pending.push({ value: value[index], path: `${path}[${index}]` });
    } else if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value);
      if (entries.some(([key]) => LONE_SURROGATE.test(key))) return path;
      for (let index = entries.length - 1; index >= 0; index--) {
        const [key, item] = entries[index]!;
        pending.push({ value: item, path: path ? `${path}.${key}` : key });
      }
    }
  }
  return undefined;
}
