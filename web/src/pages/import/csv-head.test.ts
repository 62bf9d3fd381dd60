import { describe, expect, it } from 'vitest';
import { isWorkbook, previewRows, splitCsvLine } from './csv-head.js';

describe('the head of a CSV file', () => {
  it('splits a line on the delimiter, keeping quoted delimiters and doubled quotes', () => {
    expect(splitCsvLine('a,"b,c","say ""hi""",', ',')).toEqual(['a', 'b,c', 'say "hi"', '']);
    expect(splitCsvLine('x;y', ';')).toEqual(['x', 'y']);
  });

  it('previews the header and five rows, on the delimiter the header has most of, past comments', () => {
    const text = [
      '# exported 2024-05-01',
      'time;value;unit',
      '',
      ...[1, 2, 3, 4, 5, 6].map((i) => `t${i};${i},5;Cel`),
    ];
    const rows = previewRows(text.join('\r\n'));
    expect(rows).toHaveLength(6);
    expect(rows[0]).toEqual(['time', 'value', 'unit']);
    expect(rows[1]).toEqual(['t1', '1,5', 'Cel']);
    expect(previewRows('time\tvalue\n1\t2')).toEqual([
      ['time', 'value'],
      ['1', '2'],
    ]);
    expect(previewRows('')).toEqual([]);
  });

  it('tells workbooks by their name', () => {
    expect(isWorkbook('烘箱.XLSX')).toBe(true);
    expect(isWorkbook('book.xlsm')).toBe(true);
    expect(isWorkbook('line3.csv')).toBe(false);
  });
});
