/** Column alignment: numbers read best right-aligned. */
export type Align = 'left' | 'right';

/** Options of {@link renderTable}. */
export interface TableOptions {
  /** Per-column alignment; columns without one are left-aligned. */
  align?: readonly Align[];
  /**
   * Left margin of every line.
   * @default '  '
   */
  indent?: string;
}

// Code points, not UTF-16 units, so '…' or '→' do not skew the columns.
const width = (text: string): number => [...text].length;

function pad(text: string, size: number, align: Align): string {
  const fill = ' '.repeat(Math.max(0, size - width(text)));
  return align === 'right' ? fill + text : text + fill;
}

/**
 * Renders rows as an aligned plain-text table with a rule under the header:
 *
 * ```
 *   outcome       calls
 *   ───────────  ──────
 *   ok               14
 * ```
 */
export function renderTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  { align = [], indent = '  ' }: TableOptions = {},
): string {
  const sizes = headers.map((header, column) =>
    Math.max(width(header), ...rows.map((row) => width(row[column] ?? ''))),
  );
  const line = (cells: readonly string[]): string =>
    indent +
    sizes
      .map((size, column) => pad(cells[column] ?? '', size, align[column] ?? 'left'))
      .join('  ')
      .trimEnd();
  return [
    line(headers),
    indent + sizes.map((size) => '─'.repeat(size)).join('  '),
    ...rows.map(line),
  ].join('\n');
}
