/** How the CLI prints what an admin operation answered: the API's JSON body, or a table for people. */

function cell(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (Array.isArray(value)) return value.map(cell).join(', ');
  if (typeof value === 'object') return Object.entries(value).map(([key, inner]) => `${key}=${cell(inner)}`).join(' ');
  return String(value);
}

/** Rows as an aligned table under a header of their keys; `(none)` when there are none. */
export function formatTable(rows: readonly Record<string, unknown>[]): string {
  const first = rows[0];
  if (!first) return '(none)\n';
  const columns = Object.keys(first);
  const lines = [columns, ...rows.map((row) => columns.map((column) => cell(row[column])))];
  const widths = columns.map((_, i) => Math.max(...lines.map((line) => line[i]!.length)));
  return lines.map((line) => line.map((text, i) => text.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n') + '\n';
}

/** One object as aligned `Key  value` lines. */
export function formatRecord(record: Record<string, unknown>): string {
  const width = Math.max(...Object.keys(record).map((key) => key.length));
  return Object.entries(record).map(([key, value]) => `${key.padEnd(width)}  ${cell(value)}`).join('\n') + '\n';
}

/**
 * An admin API body (`{ Enterprise: {…} }`, `{ Enterprises: […] }`, `{}`) for people: a list as a table, one object
 * as key/value lines, nothing as `done`.
 */
export function formatResult(body: Record<string, unknown>): string {
  const [value] = Object.values(body);
  if (Array.isArray(value)) return formatTable(value as Record<string, unknown>[]);
  if (value !== null && typeof value === 'object') return formatRecord(value as Record<string, unknown>);
  return 'Done.\n';
}
