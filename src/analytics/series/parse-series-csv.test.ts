import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSeriesCsv } from './parse-series-csv.js';

describe('parseSeriesCsv', () => {
  it('reads the NAB layout, naive times as UTC', () => {
    const r = parseSeriesCsv('timestamp,value\n2014-04-01 00:00:00,19.5\n2014-04-01 00:05:00,20\n');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect([...r.value.timestamps]).toEqual([Date.UTC(2014, 3, 1), Date.UTC(2014, 3, 1, 0, 5)]);
    expect([...r.value.values]).toEqual([19.5, 20]);
    expect(r.value.rawTimestamps[0]).toBe('2014-04-01 00:00:00');
  });
  it('lists every bad row with its line', () => {
    const r = parseSeriesCsv('timestamp,value\nnope,1\n2020-01-02,abc\n2020-01-01,3\n2020-01-01,\n', 'f.csv');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.where)).toEqual(['f.csv:2', 'f.csv:3']);
    expect(r.issues[1]?.message).toMatch(/value 'abc'/);
  });
  it('names the missing columns', () => {
    const r = parseSeriesCsv('time,val\n1,2\n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]?.message).toMatch(/'timestamp' and 'value'/);
  });
  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        const r = parseSeriesCsv(`timestamp,value\n${s}`);
        expect(typeof r.ok).toBe('boolean');
      }),
    );
  });
});
