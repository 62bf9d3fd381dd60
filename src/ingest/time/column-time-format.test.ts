import { describe, expect, it } from 'vitest';
import { detectTimeFormat, normalizeTimeCell, parseTimeFormatOption } from './column-time-format.js';

const at = { column: 'ts', file: 'x.csv' };

describe('detectTimeFormat', () => {
  it('labels each common format', () => {
    const label = (cells: string[]) => detectTimeFormat(cells, at)?.label;
    expect(label(['2024/06/01 08:00:00', '2024/06/01 09:00:00'])).toBe('YYYY/MM/DD HH:mm:ss');
    expect(label(['2024-06-01 8:00', '2024-06-01 9:00'])).toBe('YYYY-MM-DD H:mm');
    expect(label(['6/1/2024 8:00 AM', '6/13/2024 8:00 PM'])).toBe('MM/DD/YYYY h:mm A');
    expect(label(['20240601 080000', '20240601 090000'])).toBe('YYYYMMDD HHmmss');
    expect(label(['20240601', '20240602'])).toBe('YYYYMMDD');
    expect(label(['01.06.2024 08:00', '02.06.2024 08:00'])).toBe('DD.MM.YYYY HH:mm');
    expect(label(['13/06/2024 08:00'])).toBe('DD/MM/YYYY HH:mm');
    expect(label(['2024-06-01T08:00:00+08:00', '2024-06-01T08:00:00Z'])).toBe('ISO 8601');
    expect(label(['45444.333', '45444.375'])).toBe('Excel serial days');
    expect(label(['1717228800', '1717232400'])).toBe('epoch seconds');
    expect(label(['1717228800000'])).toBe('epoch milliseconds');
  });

  it('decides nothing from empty, garbage or mixed samples (cells are then read one by one)', () => {
    expect(detectTimeFormat([], at)).toBeUndefined();
    expect(detectTimeFormat(['', '  '], at)).toBeUndefined();
    expect(detectTimeFormat(['yesterday', 'noon', '2024/06/01 08:00'], at)).toBeUndefined();
    expect(detectTimeFormat(['x'.repeat(100_000)], at)).toBeUndefined();
  });

  it('asks for --time-format when every day is ≤ 12, naming both readings', () => {
    expect(() => detectTimeFormat(['03/04/2024 08:00', '04/04/2024 08:00'], at)).toThrow(
      /x\.csv: column "ts": day and month cannot be told apart.*"03\/04\/2024 08:00" is 2024-04-03 read as DD\/MM\/YYYY HH:mm or 2024-03-04 read as MM\/DD\/YYYY HH:mm/,
    );
    const given = parseTimeFormatOption('MM/DD/YYYY HH:mm');
    expect(detectTimeFormat(['03/04/2024 08:00'], { ...at, given })).toBe(given);
  });
});

describe('normalizeTimeCell', () => {
  it('rewrites to ISO and marks cells that do not fit, out-of-range fields included', () => {
    const ymd = { kind: 'date', order: 'ymd', label: 'YYYY/MM/DD' } as const;
    expect(normalizeTimeCell('2024/6/1 8:05:09.5', ymd)).toBe('2024-06-01T08:05:09.500');
    expect(normalizeTimeCell('2024/02/30 08:00', ymd)).toBe('2024/02/30 08:00 (not YYYY/MM/DD)');
    expect(normalizeTimeCell('2024/06/01 24:00', ymd)).toMatch(/\(not /);
    expect(normalizeTimeCell('garbage', ymd)).toBe('garbage (not YYYY/MM/DD)');
    const mdy = { kind: 'date', order: 'mdy', label: 'MM/DD/YYYY h:mm A' } as const;
    expect(normalizeTimeCell('6/1/2024 12:00 AM', mdy)).toBe('2024-06-01T00:00:00');
    expect(normalizeTimeCell('6/1/2024 13:00 PM', mdy)).toMatch(/\(not /);
    const excel = { kind: 'excel', label: 'Excel serial days' } as const;
    expect(normalizeTimeCell('45444.5', excel)).toBe('2024-06-01T12:00:00');
    expect(normalizeTimeCell('1e999', excel)).toMatch(/\(not /);
    // Past Excel's last day (9999-12-31) and beyond what a Date holds: marked, not a RangeError.
    expect(normalizeTimeCell(`1${'0'.repeat(300)}`, excel)).toMatch(/\(not /);
    expect(normalizeTimeCell('2958466', excel)).toMatch(/\(not /);
    expect(normalizeTimeCell(`1${'0'.repeat(300)}`, { kind: 'epoch-s', label: 'epoch seconds' })).toMatch(
      /\(not /,
    );
  });
});

describe('parseTimeFormatOption', () => {
  it('reads patterns and keywords and refuses anything else', () => {
    expect(parseTimeFormatOption('DD/MM/YYYY HH:mm')).toMatchObject({ kind: 'date', order: 'dmy' });
    expect(parseTimeFormatOption('MM/DD/YYYY h:mm A')).toMatchObject({ kind: 'date', order: 'mdy' });
    expect(parseTimeFormatOption('YYYY-MM-DD')).toMatchObject({ kind: 'date', order: 'ymd' });
    expect(parseTimeFormatOption('YYYYMMDD HHmmss')).toMatchObject({ kind: 'date', order: 'compact' });
    expect(parseTimeFormatOption('excel')).toMatchObject({ kind: 'excel' });
    expect(parseTimeFormatOption('epoch-ms')).toMatchObject({ kind: 'epoch-ms' });
    expect(() => parseTimeFormatOption('HH:mm')).toThrow(/--time-format "HH:mm" is not understood/);
    expect(() => parseTimeFormatOption('')).toThrow(/not understood/);
  });
});
