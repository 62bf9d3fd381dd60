import { describe, expect, it } from 'vitest';
import { flatten, localIsoNow, segments } from './command-box.js';

describe('command box helpers', () => {
  it('cuts the text into plain and highlighted pieces, skipping overlaps', () => {
    const s = segments('送20箱牛奶到星湖街', [
      { field: 'address', from: 7, to: 10 },
      { field: 'items', from: 1, to: 6 },
      { field: 'window', from: 2, to: 4 },
    ]);
    expect(s).toEqual([
      { text: '送' },
      { text: '20箱牛奶', field: 'items' },
      { text: '到' },
      { text: '星湖街', field: 'address' },
    ]);
    expect(s.map((x) => x.text).join('')).toBe('送20箱牛奶到星湖街');
  });
  it('flattens the parsed result for the edit table', () => {
    expect(flatten({ items: [{ goods: '牛奶', quantity: 20 }], contact: null })).toEqual([
      ['items.0.goods', '牛奶'],
      ['items.0.quantity', '20'],
      ['contact', ''],
    ]);
  });
  it('gives now with an offset', () => {
    expect(localIsoNow()).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
  });
});
