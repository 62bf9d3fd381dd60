import { describe, expect, it } from 'vitest';
import { SeriesBuffer } from './series-buffer.js';

describe('SeriesBuffer', () => {
  it('appends raw points in order, ignores late ones and trims the window', () => {
    const b = new SeriesBuffer(undefined);
    b.load([
      { ts: 1000, value: 1 },
      { ts: 2000, value: 2 },
    ]);
    b.push(3000, 3);
    b.push(2500, 99); // older than the last point shown: ignored
    expect(b.data).toEqual([
      [1000, 1],
      [2000, 2],
      [3000, 3],
    ]);
    expect(b.trim(2000)).toBe(true);
    expect(b.data).toEqual([
      [2000, 2],
      [3000, 3],
    ]);
    expect(b.trim(0)).toBe(false);
  });

  it('averages live points into the current bucket, weighting the loaded count', () => {
    const b = new SeriesBuffer(60_000);
    b.load([{ ts: 60_000, value: 10, count: 3 }]);
    b.push(90_000, 14); // same bucket: (10·3 + 14) / 4
    expect(b.data).toEqual([[60_000, 11]]);
    b.push(125_000, 5); // next bucket starts at 120 000
    expect(b.data).toEqual([
      [60_000, 11],
      [120_000, 5],
    ]);
  });

  it('stays bounded over a long live run', () => {
    const b = new SeriesBuffer(undefined);
    for (let t = 0; t < 100_000; t++) {
      b.push(t * 1000, t);
      if (t % 10 === 0) b.trim(t * 1000 - 900_000);
    }
    expect(b.data.length).toBeLessThanOrEqual(911);
  });
});
