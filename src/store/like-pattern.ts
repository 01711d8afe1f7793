/**
 * `%text%` for `lower(column) like … escape '\'`: the text lowercased, with LIKE's own wildcards (and the escape
 * character) taken literally.
 */
export function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
