/**
 * What JSON can carry but the databases cannot store as sent: a UTF-16 code unit of a surrogate pair without its
 * partner (not a character: SQLite and PostgreSQL's drivers replace it), and NUL (U+0000, which PostgreSQL's text
 * refuses).
 */
const UNSTORABLE = /[\p{Cs}\u0000]/u;

/**
 * The path (`Messages[0].Text`, as `Invalid <Parameter>` names it) of the first text in a parsed JSON value that could
 * not be stored exactly, such as the `"\ud800"` that JSON.parse turns into a lone surrogate, or `"\u0000"`; a property
 * name that could not names the object holding it (`""` for the body itself). Undefined when every text can be. Walks
 * without recursion, since a body may nest deeper than the stack.
 *
 * @example unstorableTextPath({ Messages: [{ Text: '\ud800' }] }) // 'Messages[0].Text'
 */
export function unstorableTextPath(root: unknown): string | undefined {
  const pending: Array<{ value: unknown; path: string }> = [{ value: root, path: '' }];
  while (pending.length > 0) {
    const { value, path } = pending.pop()!;
    if (typeof value === 'string') {
      if (UNSTORABLE.test(value)) return path;
    } else if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index--) pending.push({ value: value[index], path: `${path}[${index}]` });
    } else if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value);
      if (entries.some(([key]) => UNSTORABLE.test(key))) return path;
      for (let index = entries.length - 1; index >= 0; index--) {
        const [key, item] = entries[index]!;
        pending.push({ value: item, path: path ? `${path}.${key}` : key });
      }
    }
  }
  return undefined;
}
