/**
 * Plain-text tables for terminals, used by the CLI, `npm run bench` and `npm run eval`. Columns are
 * padded by display width (string-width: CJK and full-width characters take two columns, combining
 * marks and emoji sequences their real width), since partner, customer and player names are often
 * Chinese. The layout itself (padding, alignment, a rule under the header) is a few lines, kept
 * here so the three tools print alike.
 */
import stringWidth from 'string-width';

export interface TextTableOptions {
  /**
   * Right-aligned columns (numbers): their indices, or a test per cell (header cells included),
   * e.g. `looksNumeric`.
   */
  readonly right?: readonly number[] | ((cell: string, column: number) => boolean);
  /** Put before every line. Default none. */
  readonly indent?: string;
  /** A line of `─` under the first row, the header. Default false. */
  readonly rule?: boolean;
}

/** Terminal columns a string takes. */
export const displayWidth = (text: string): number => stringWidth(text);

/** A cell that reads as a number, a ratio or a percentage (`-1.5`, `2.00×`, `12 %`). */
export const looksNumeric = (cell: string): boolean => /^[-+]?[0-9][-+0-9.e×% ]*$/.test(cell);

/**
 * Rows padded to common column widths, two spaces between columns, no trailing blanks.
 *
 * @example textTable([['id', 'name'], ['1', '张三']], { rule: true }).join('\n')
 */
export function textTable(rows: readonly (readonly string[])[], options: TextTableOptions = {}): string[] {
  const { right = [], indent = '', rule = false } = options;
  const isRight = typeof right === 'function' ? right : (_: string, c: number) => right.includes(c);
  const cols = Math.max(0, ...rows.map((r) => r.length));
  const widths = Array.from({ length: cols }, (_, c) =>
    Math.max(0, ...rows.map((r) => displayWidth(r[c] ?? ''))),
  );
  const line = (r: readonly string[]): string =>
    `${indent}${widths
      .map((w, c) => {
        const x = r[c] ?? '';
        const pad = ' '.repeat(w - displayWidth(x));
        return isRight(x, c) ? pad + x : x + pad;
      })
      .join('  ')}`.trimEnd();
  const out = rows.map(line);
  if (rule && out.length > 0) out.splice(1, 0, `${indent}${widths.map((w) => '─'.repeat(w)).join('  ')}`);
  return out;
}
