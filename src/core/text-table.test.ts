import { describe, expect, it } from 'vitest';
import { displayWidth, looksNumeric, textTable } from './text-table.js';

describe('textTable', () => {
  it('pads Chinese text by its display width, two columns a character', () => {
    expect(displayWidth('张三')).toBe(4);
    expect(
      textTable(
        [
          ['name', 'n'],
          ['张三', '1'],
          ['Li', '22'],
        ],
        { right: [1] },
      ),
    ).toEqual(['name   n', '张三   1', 'Li    22']);
  });

  it('rules the header, indents and right-aligns numeric cells, with no trailing blanks', () => {
    const t = textTable(
      [
        ['measure', 'ratio', 'note'],
        ['insert', '1.50×', ''],
      ],
      { rule: true, indent: '  ', right: looksNumeric },
    );
    expect(t).toEqual(['  measure  ratio  note', '  ───────  ─────  ────', '  insert   1.50×']);
  });

  it('takes ragged and empty input', () => {
    expect(textTable([])).toEqual([]);
    expect(textTable([['a'], ['b', 'c']])).toEqual(['a', 'b  c']);
  });
});
