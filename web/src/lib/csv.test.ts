import { describe, expect, it } from 'vitest';
import { csvCell, fileStamp, toCsv } from './csv.js';

describe('csv', () => {
  it('quotes per RFC 4180 and leaves empty cells for missing values', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(1.5)).toBe('1.5');
    expect(
      toCsv([
        ['series', 'value'],
        ['x', 1],
      ]),
    ).toBe('series,value\r\nx,1\r\n');
  });

  it('stamps file names in UTC', () => {
    expect(fileStamp(Date.UTC(2024, 4, 1, 8, 0, 0, 123))).toBe('20240501T080000Z');
  });
});

describe('csv exports neutralise formulas', () => {
  it('prefixes =, +, -, @ cells that are not numbers with a quote', () => {
    expect(toCsv([["=cmd|' /C calc'!A0", '@SUM(A1)', -3, '-3', '-x']])).toBe(
      "'=cmd|' /C calc'!A0,'@SUM(A1),-3,-3,'-x\r\n",
    );
  });
});
