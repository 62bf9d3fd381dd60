import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell, neutraliseFormula, toCsv } from './csv-cell.js';

describe('csvCell', () => {
  it('prefixes cells a spreadsheet would run as formulas (OWASP CSV injection)', () => {
    expect(csvCell("=cmd|' /C calc'!A0")).toBe("'=cmd|' /C calc'!A0");
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('@SUM(A1:A2)')).toBe("'@SUM(A1:A2)");
    expect(csvCell('+1+cmd')).toBe("'+1+cmd");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
  });

  it('keeps plain numbers, ordinary text and RFC 4180 quoting', () => {
    for (const n of ['-1.5', '+3', '-0', '1e-3', '-2.5E+10', '.5', '-.5']) expect(csvCell(n)).toBe(n);
    expect(csvCell(-1.5)).toBe('-1.5');
    expect(csvCell('plant1/press/temp')).toBe('plant1/press/temp');
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(true)).toBe('true');
    expect(
      toCsv([
        ['series', 'value'],
        ['=x', -1],
      ]),
    ).toBe("series,value\r\n'=x,-1\r\n");
  });

  it('never starts a cell with a formula character unless it is a plain number (property)', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const cell = csvCell(s).replace(/^"/, '');
        if (/^[=+\-@\t\r]/.test(cell)) expect(Number.isFinite(Number(cell))).toBe(true);
        expect(neutraliseFormula(s).endsWith(s)).toBe(true);
      }),
    );
  });
});
