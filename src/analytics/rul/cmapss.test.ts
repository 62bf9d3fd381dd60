import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCmapss, parseRulFile } from './cmapss.js';
import { syntheticCmapss } from './synthetic.fixture.js';

const row = (unit: number, cycle: number): string =>
  [unit, cycle, 0.1, 0.2, 100, ...Array.from({ length: 21 }, (_, i) => 500 + i)].join(' ');

describe('parseCmapss', () => {
  it('groups rows by engine, in unit order, with trailing spaces as in NASA files', () => {
    const r = parseCmapss(`${row(2, 1)} \n${row(2, 2)}  \n${row(1, 1)}\n\n`);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.map((e) => e.unit)).toEqual([1, 2]);
    expect(Array.from(r.value[1]!.cycles)).toEqual([1, 2]);
    expect(r.value[0]!.sensors[20]![0]).toBe(520);
    expect(r.value[0]!.settings[2]![0]).toBe(100);
  });

  it('lists every malformed row with its line', () => {
    const text = [
      row(1, 1),
      '1 2 3',
      row(1, 2).replace('500', 'x'),
      row(1, 1),
      '0 1 '.concat('1 '.repeat(24)),
    ].join('\n');
    const r = parseCmapss(text, 'f.txt');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.where)).toEqual(['f.txt:2', 'f.txt:3', 'f.txt:4', 'f.txt:5']);
    expect(r.issues[0]!.message).toMatch(/26 space-separated numbers/);
    expect(r.issues[2]!.message).toMatch(/cycles must increase/);
  });

  it('rejects empty input and never throws on arbitrary text', () => {
    expect(parseCmapss('\n \n').ok).toBe(false);
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const r = parseCmapss(s);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 200 },
    );
  });

  it('reads the synthetic generator output and RUL files', () => {
    const { text, rul } = syntheticCmapss({ engines: 3, truncate: true });
    const r = parseCmapss(text);
    expect(r.ok && r.value.length).toBe(3);
    const f = parseRulFile(`${rul.join('\n')}\n`);
    expect(f.ok && f.value).toEqual(rul);
    const bad = parseRulFile('12\n-3\nabc\n', 'RUL.txt');
    expect(bad.ok ? [] : bad.issues.map((i) => i.where)).toEqual(['RUL.txt:2', 'RUL.txt:3']);
  });
});
